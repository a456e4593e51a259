import ElmanJSON
import Testing
import ZeroMQ

@testable import ElmanWorker

/// `train` with `wait` and `notify` (PROTOCOL.md, "train"): the requesting DEALER gets `job.accepted` at once, then
/// the job's `job.progress`, then its reply — all on its own connection, in that order, with no PUB involved.
@Suite struct NotifyTests {
    @Test func aFollowedJobSendsAcceptedThenProgressThenItsReplyToTheRequester() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let reportEvery = 5, epochs = 2000
        try client.send(["jsonrpc": "2.0", "id": 7, "method": "train",
                         "params": ["hidden_size": 4, "lr": 0.01, "epochs": .number(Double(epochs)),
                                    "report_every": .number(Double(reportEvery)), "wait": true, "notify": true]])
        let received = try client.messages(until: 7)
        let reply = try #require(received.last?["result"])
        #expect(reply["state"] == "done")
        let accepted = received[0]
        #expect(accepted["id"] == nil && accepted["method"] == "job.accepted")
        #expect(accepted["params"]?["job"] == reply["job"] && accepted["params"]?["model"] == reply["model"])
        let progress = received.dropFirst().dropLast()
        #expect(progress.allSatisfy { $0["method"] == "job.progress" && $0["id"] == nil && $0["params"]?["job"] == reply["job"] })
        // Together they carry every report epoch's loss from epoch 0 on, in order.
        let carried = progress.flatMap { $0["params"]!["losses"]!.arrayValue! }
        let losses = try #require(reply["losses"]?.arrayValue)
        #expect(reply["seconds"]!.doubleValue! < 0.05 || !carried.isEmpty, "a job past 50 ms reports progress")
        #expect(carried == Array(stride(from: 0, to: epochs, by: reportEvery).map { losses[$0] }.prefix(carried.count)))
        // Nothing more comes for the ended job.
        #expect(try client.result("ping")["pong"] == true)
        try running.stop()
    }

    @Test func notifyNeedsWaitAndADealer() throws {
        let running = try RunningWorker()
        let dealer = try running.client()
        let withoutWait = try dealer.error("train", ["epochs": 1, "notify": true])
        #expect(withoutWait.code == -32602 && withoutWait.data["param"] == "notify")
        let req = try running.client(.req)
        let fromREQ = try req.error("train", ["epochs": 1, "wait": true, "notify": true])
        #expect(fromREQ.code == -32602 && fromREQ.data["param"] == "notify")
        // Neither made a job or a model.
        #expect(try dealer.result("job.list")["jobs"]!.arrayValue!.isEmpty)
        #expect(try dealer.result("model.list")["models"]!.arrayValue!.isEmpty)
        try running.stop()
    }
}
