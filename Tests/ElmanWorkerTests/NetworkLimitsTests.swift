import ElmanJSON
import Testing
import ZeroMQ

@testable import ElmanWorker

/// `max_parameters` and `max_window_values` (PROTOCOL.md, "Limits"): checked once the network is known, before
/// any model or job is made.
@Suite struct NetworkLimitsTests {
    @Test func aNetworkTooLargeForMaxParametersIsRefusedAndChangesNothing() throws {
        let running = try RunningWorker()
        let client = try running.client()
        // A 2-layer LSTM of hidden size 1024: 4·1024·(1 + 1024 + 2) + 4·1024·(1024 + 1024 + 2) + 1024 + 1 ≈ 12.6
        // million.
        let error = try client.error("train", ["network": ["cell": "lstm", "hidden_size": 1024, "num_layers": 2],
                                               "epochs": 1])
        #expect(error.code == -32004 && error.data["limit"] == "max_parameters")
        #expect(error.data["value"]!.int! > 12_000_000 && error.data["max"] == 5_000_000)
        #expect(try client.result("model.list")["models"]!.arrayValue!.isEmpty)
        #expect(try client.result("job.list")["jobs"]!.arrayValue!.isEmpty)
        try running.stop()
    }

    @Test func aWindowTooLargeForMaxWindowValuesIsRefusedButTheSameJobInShortWindowsRuns() throws {
        let running = try RunningWorker { $0.limits.maxWindowValues = 100_000 }
        let client = try running.client()
        let series: JSONValue = .array((0..<400).map { .number(Double($0 % 7) / 7) })
        let sequences: JSONValue = .array(Array(repeating: series, count: 10))
        // Full BPTT: 399 steps × 10 sequences × 1 layer × (4·2 + 3) × 16 = 702,240 values.
        let full: JSONObject = ["network": ["cell": "lstm", "hidden_size": 16], "data": ["sequences": sequences],
                                "truncation": 399, "loss": "mse", "epochs": 1]
        let error = try client.error("train", full)
        #expect(error.code == -32004 && error.data["limit"] == "max_window_values")
        #expect(error.data["value"] == 702_240)
        #expect(try client.result("model.list")["models"]!.arrayValue!.isEmpty)
        // Windows of 10 steps keep 17,600 values: accepted.
        let job = try client.result("train", full.merging(["truncation": 10, "wait": true]))
        #expect(job["state"] == "done")
        try running.stop()
    }
}
