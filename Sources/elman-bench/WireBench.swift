import ArgumentParser
import ElmanJSON
import ElmanProtocol
import Foundation
import WireTraffic
import ZeroMQ

/// Times the worker over real loopback TCP: the real `elman-worker` binary (built beside this one) and real DEALER
/// and REQ clients, one socket and one thread per client.
struct WireBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wire",
        abstract: "Ping round trips, predict throughput, the seed job end to end, and 32 mixed clients.")

    @Option(help: "Ping round trips and seed jobs timed.")
    var runs = 2000

    @Option(help: "Requests each client sends in the load run.")
    var loadRequests = 500

    func run() throws {
        let worker = try SpawnedWorker()
        defer { worker.stop() }
        let context = try Context()
        let client = try RPCClient(context: context, endpoint: worker.endpoint)

        let ping = try Samples.measure(runs: runs) { try client.call("ping") }
        print(ping.line("wire", "ping round trip (tcp loopback)", unit: .microseconds, quantile: 0.99))

        let seedJob = try Samples.measure(runs: max(50, runs / 10)) { try client.call("train", ["wait": true]) }
        print(seedJob.line("wire", "seed job end to end (train, wait, reply)", unit: .milliseconds, quantile: 0.99))

        let model = try client.call("train", ["wait": true])["model"]!
        let predict: JSONValue = ["model": model]
        for clients in [1, 8] {
            let calls = 4000
            let seconds = try concurrently(clients: clients, context: context, endpoint: worker.endpoint) { client, _ in
                for _ in 0..<calls / clients { _ = try client.call("predict", predict.objectValue!) }
                return []
            }.seconds
            print("wire  predict (seed model, 20 inputs) from \(clients) client\(clients == 1 ? "" : "s")  "
                + "\(Int(Double(calls) / seconds)) calls/s  n=\(calls)")
        }

        let load = try concurrently(clients: 32, context: context, endpoint: worker.endpoint) { client, index in
            try MixedTraffic(model: model, client: index).run(client, requests: loadRequests)
        }
        let total = 32 * loadRequests
        print("wire  32 mixed clients x \(loadRequests) requests  \(Int(Double(total) / load.seconds)) requests/s  n=\(total)")
        print(load.latencies.line("wire", "32 mixed clients, latency per request", unit: .microseconds, quantile: 0.99))
    }

    /// Runs `body` on `clients` threads, each with its own DEALER (even) or REQ (odd) socket; returns the wall time
    /// and the latencies the bodies collected.
    private func concurrently(
        clients: Int, context: Context, endpoint: String,
        _ body: @escaping @Sendable (RPCClient, Int) throws -> [Duration]
    ) throws -> (seconds: Double, latencies: Samples) {
        let sockets = try (0..<clients).map {
            try RPCClient(context: context, endpoint: endpoint, type: $0 % 2 == 0 ? .dealer : .req)
        }
        let start = ContinuousClock.now
        let outcomes = onThreads(clients) { index in try body(sockets[index], index) }
        let seconds = Samples.seconds(start.duration(to: .now))
        return (seconds, Samples(seconds: try outcomes.flatMap { try $0.get() }.map(Samples.seconds)))
    }
}
