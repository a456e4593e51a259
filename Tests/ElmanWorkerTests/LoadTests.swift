import ElmanJSON
import ElmanProtocol
import Testing
import WireTraffic

@testable import ElmanWorker

/// Many clients at once: every request gets exactly its own reply, none lost, none crossed.
@Suite struct LoadTests {
    static let clients = 32
    static let requestsPerClient = 500

    /// Each client sends `MixedTraffic`, which checks every reply's id and content and stops at the first wrong one.
    @Test func thirtyTwoMixedClientsEachGetTheirOwnReplies() throws {
        let running = try RunningWorker {
            $0.limits.maxModels = 20_000
            $0.limits.maxFinishedJobs = 20_000
            $0.limits.maxJobs = 20_000
        }
        let model = try running.client().result("train", ["epochs": 10, "wait": true])["model"]!
        let clients = try (0..<Self.clients).map {
            try RPCClient(context: running.context, endpoint: running.worker.endpoint, type: $0 % 2 == 0 ? .dealer : .req)
        }
        let outcomes = onThreads(Self.clients) { index in
            try MixedTraffic(model: model, client: index).run(clients[index], requests: Self.requestsPerClient)
        }
        let failures = outcomes.enumerated().compactMap { index, outcome in
            (try? outcome.get()) == nil ? "client \(index): \(outcome)" : nil
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
        let jobs = try running.client().result("job.list")["jobs"]!.arrayValue!
        #expect(jobs.count == 1 + Self.clients * Self.requestsPerClient * 2 / 5)
        try running.stop()
    }
}
