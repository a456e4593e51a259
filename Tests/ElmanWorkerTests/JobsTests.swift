import ElmanJSON
import ElmanProtocol
import Foundation
import Testing
import ZeroMQ

@testable import ElmanWorker

/// Jobs run off the socket loop: the loop answers while they train, cancels them, times out waits, publishes
/// progress, and ends them all on shutdown.
@Suite struct JobsTests {
    /// A job long enough to still be running a moment later (hidden 256, 10⁵ steps), slow enough not to diverge.
    static let longJob: JSONObject = ["hidden_size": 256, "epochs": 5000, "lr": 0.0001]

    @Test func loopServesWhileJobsRunAndCancelStopsThem() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let long = try client.result("train", Self.longJob)
        let timeout = try client.error("job.wait", ["job": long["job"]!, "timeout_ms": 50])
        #expect(timeout.code == -32003)
        #expect(try client.error("job.wait", ["job": long["job"]!, "timeout_ms": 0]).code == -32003)
        #expect(try client.result("ping") == ["pong": true])
        #expect(try client.error("model.delete", ["model": long["model"]!]).code == -32002)
        #expect(try client.error("train", ["model": long["model"]!]).code == -32002)
        let short = try client.result("train", ["epochs": 300, "wait": true])
        #expect(short["state"] == "done", "a short job finished while the long one trained")
        #expect(try client.result("predict", ["model": short["model"]!])["predictions"]?.arrayValue?.count == 20)
        _ = try client.result("job.cancel", ["job": long["job"]!])
        let cancelled = try client.result("job.wait", ["job": long["job"]!])
        #expect(cancelled["state"] == "cancelled")
        #expect(cancelled["epoch"]!.int! < 5000)
        let model = try client.result("model.get", ["model": long["model"]!])
        #expect(model["epochs_trained"] == cancelled["epoch"])
        #expect(model["job"] == .null)
        try running.stop()
    }

    @Test func concurrentJobsBeyondTheThreadsQueueAndAllFinish() throws {
        let running = try RunningWorker()
        let clients = try (0..<3).map { _ in try running.client() }
        var ids: [JSONValue] = []
        for index in 0..<9 {
            ids.append(try clients[index % 3].result("train", ["epochs": 200, "seed": .number(Double(index))])["job"]!)
        }
        let states = try ids.map { try clients[0].result("job.wait", ["job": $0])["state"]! }
        #expect(states == Array(repeating: "done", count: 9))
        #expect(try clients[1].result("job.list")["jobs"]!.arrayValue!.count == 9)
        try running.stop()
    }

    @Test func cancellingAQueuedJobEndsItAtOnce() throws {
        let running = try RunningWorker { $0.limits.trainingThreads = 1 }
        let client = try running.client()
        let blocker = try client.result("train", Self.longJob)
        let queued = try client.result("train", ["epochs": 10])
        #expect(queued["state"] == "queued")
        let cancelled = try client.result("job.cancel", ["job": queued["job"]!])
        #expect(cancelled["state"] == "cancelled" && cancelled["epoch"] == 0)
        _ = try client.result("job.cancel", ["job": blocker["job"]!])
        try running.stop()
    }

    @Test func endedJobsAreForgottenOldestFirstSoMemoryStaysBounded() throws {
        let running = try RunningWorker { $0.limits.maxFinishedJobs = 10 }
        let client = try running.client()
        for _ in 0..<25 { _ = try client.result("train", ["epochs": 2, "hidden_size": 2, "wait": true]) }
        let listed = try client.result("job.list")["jobs"]!.arrayValue!.map { $0["job"]! }
        #expect(listed == (16...25).map { .string("j\($0)") })
        #expect(try client.error("job.status", ["job": "j15"]).code == -32001)
        try running.stop()
    }

    @Test func tooManyJobsIsALimit() throws {
        let running = try RunningWorker {
            $0.limits.trainingThreads = 1
            $0.limits.maxJobs = 2
        }
        let client = try running.client()
        _ = try client.result("train", Self.longJob)
        _ = try client.result("train", Self.longJob)
        let error = try client.error("train", ["epochs": 1])
        #expect(error.code == -32004 && error.data["limit"] == "max_jobs")
        #expect(try client.result("model.list")["models"]!.arrayValue!.count == 2)
        try running.stop()
    }

    @Test func progressAndFinishedArePublished() throws {
        let running = try RunningWorker()
        let subscriber = try running.subscriber()
        let client = try running.client()
        try awaitSubscription(subscriber, client)
        let job = try client.result("train", ["epochs": 30, "wait": true])
        var carried: [Float] = []
        var finished = false
        while let frames = try subscriber.receiveMultipart() {
            #expect(frames[0] == Array(job["job"]!.stringValue!.utf8))
            let message = try JSONParser.parse(frames[1])
            if message["method"] == "job.finished" {
                #expect(message["params"] == job)
                finished = true
                break
            }
            #expect(message["method"] == "job.progress")
            carried += message["params"]!["losses"]!.floats
        }
        // A job this short (well under 50 ms) usually publishes no progress; whatever it published carries the
        // report epochs 0, 10, 20 from the first on, with the job's own losses.
        let losses = job["losses"]!.floats
        #expect(finished)
        #expect(carried == Array([losses[0], losses[10], losses[20]].prefix(carried.count)))
        try running.stop()
    }

    /// A new subscription takes a moment to reach the publisher (ZeroMQ's "slow joiner"): train tiny jobs until
    /// their notifications arrive, then drain them.
    func awaitSubscription(_ subscriber: Socket, _ client: TestClient) throws {
        try subscriber.setReceiveTimeout(100)
        defer { try? subscriber.setReceiveTimeout(10_000) }
        for _ in 0..<100 {
            _ = try client.result("train", ["epochs": 1, "hidden_size": 1, "wait": true])
            if try subscriber.receiveMultipart() != nil {
                while try subscriber.receiveMultipart() != nil {}
                return
            }
        }
        Issue.record("the subscription never reached the publisher")
    }

    @Test func shutdownAnswersWaitersWithCancelledJobs() throws {
        let running = try RunningWorker()
        let waiting = try running.client()
        try waiting.send(["jsonrpc": "2.0", "id": 1, "method": "train", "params": .object(Self.longJob.merging(["wait": true]))])
        let observer = try running.client()
        while try observer.call("job.status", ["job": "j1"])["result"] == nil {}  // the train has arrived
        try running.stop()
        let reply = try #require(try waiting.receive())
        #expect(reply["result"]?["state"] == "cancelled")
    }

    @Test func divergingTrainingEndsDiverged() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let job = try client.result("train", ["lr": 1e6, "epochs": 50, "wait": true])
        #expect(job["state"] == "diverged")
        let at = try #require(job["diverged_epoch"]?.int)
        #expect(job["losses"]!.arrayValue!.count == at)
        let weights = try client.result("model.get", ["model": job["model"]!])["weights"]!
        #expect(JSONWriter.string(weights).contains("nan") == false)
        try running.stop()
    }
}

extension JSONObject {
    func merging(_ other: JSONObject) -> JSONObject {
        var merged = self
        for key in other.keys { merged[key] = other[key] }
        return merged
    }
}
