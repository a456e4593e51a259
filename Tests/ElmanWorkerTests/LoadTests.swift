import ElmanJSON
import ElmanProtocol
import Foundation
import Testing
import ZeroMQ

@testable import ElmanWorker

/// Many clients at once: every request gets exactly its own reply, none lost, none crossed.
@Suite struct LoadTests {
    static let clients = 32
    static let requestsPerClient = 500

    /// One client's mixed traffic; returns a description of the first wrong reply, or nil.
    private static func drive(_ client: TestClient, index: Int, model: JSONValue) throws -> String? {
        var ownJobs: [JSONValue] = []
        for request in 0..<requestsPerClient {
            let id = JSONValue.string("c\(index)-r\(request)")
            let (method, params): (String, JSONObject)
            switch request % 5 {
            case 0: (method, params) = ("ping", [:])
            case 1: (method, params) = ("predict", ["model": model, "inputs": [.number(Double(index)), 0.5]])
            case 2: (method, params) = ("train", ["epochs": 3, "hidden_size": 2, "seed": .number(Double(request))])
            case 3: (method, params) = ("train", ["epochs": 2, "hidden_size": 2, "wait": true])
            default: (method, params) = ("job.status", ["job": ownJobs.last ?? "j0"])
            }
            try client.send(["jsonrpc": "2.0", "id": id, "method": .string(method), "params": .object(params)])
            guard let reply = try client.receive() else { return "\(id): no reply" }
            guard reply["id"] == id else { return "\(id): got the reply for \(reply["id"].map(JSONWriter.string) ?? "?")" }
            switch method {
            case "ping" where reply["result"] != ["pong": true]: return "\(id): \(JSONWriter.string(reply))"
            case "predict" where reply["result"]?["predictions"]?.arrayValue?.count != 2:
                return "\(id): \(JSONWriter.string(reply))"
            case "train":
                guard let job = reply["result"]?["job"] else { return "\(id): \(JSONWriter.string(reply))" }
                ownJobs.append(job)
            case "job.status" where ownJobs.isEmpty == false && reply["result"]?["job"] != ownJobs.last:
                return "\(id): status of another job: \(JSONWriter.string(reply))"
            default: break
            }
        }
        return nil
    }

    @Test func thirtyTwoMixedClientsEachGetTheirOwnReplies() throws {
        let running = try RunningWorker {
            $0.limits.maxModels = 20_000
            $0.limits.maxFinishedJobs = 20_000
            $0.limits.maxJobs = 20_000
        }
        let model = try running.client().result("train", ["epochs": 10, "wait": true])["model"]!
        let failures = Failures()
        let group = DispatchGroup()
        for index in 0..<Self.clients {
            let client = try running.client(index % 2 == 0 ? .dealer : .req)
            group.enter()
            Thread {
                do {
                    if let failure = try Self.drive(client, index: index, model: model) { failures.add(failure) }
                } catch {
                    failures.add("client \(index): \(error)")
                }
                group.leave()
            }.start()
        }
        #expect(group.wait(timeout: .now() + 300) == .success, "clients did not finish")
        #expect(failures.all.isEmpty, "\(failures.all.prefix(5))")
        let jobs = try running.client().result("job.list")["jobs"]!.arrayValue!
        #expect(jobs.count == 1 + Self.clients * Self.requestsPerClient * 2 / 5)
        try running.stop()
    }
}

final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ failure: String) { lock.lock(); list.append(failure); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return list }
}
