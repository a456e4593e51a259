import ElmanJSON
import Foundation
import Testing
import ZeroMQ

@testable import ElmanWorker

/// `max_job_bytes` (PROTOCOL.md, "Limits"): a job whose estimated memory (`MemoryEstimate`) exceeds it is refused
/// with -32004 carrying the estimate before anything is made; so is inference whose reply or tape would.
@Suite struct MemoryLimitTests {
    /// Full back-propagation through a sine of `points` points at hidden size 512.
    static func fullBPTT(points: Int) -> JSONObject {
        ["hidden_size": 512, "truncation": .number(Double(points)), "epochs": 1, "lr": 0.001,
         "data": ["sine": ["start": 0, "stop": 100, "points": .number(Double(points))]]]
    }

    @Test func fullBPTTOverAMillionPointsAtHidden512IsRefusedWithItsEstimate() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let error = try client.error("train", Self.fullBPTT(points: 1_000_000))
        #expect(error.code == -32004 && error.data["limit"] == "max_job_bytes" && error.data["max"] == 1_073_741_824)
        // Its tape alone, a context of 513 float32 for every step, is 2.05 GB.
        let estimate = try #require(error.data["value"]?.int)
        #expect(estimate > 4 * 513 * 1_000_000 && estimate < 3_000_000_000)
        #expect(try client.result("model.list")["models"]!.arrayValue!.isEmpty)
        #expect(try client.result("job.list")["jobs"]!.arrayValue!.isEmpty)
        try running.stop()
    }

    @Test func aJobJustOverTheLimitIsRefusedAndOneJustUnderItRuns() throws {
        // 9 MiB: 8 weight copies of 263,168 float32 (8.4 MB) and 2,116 bytes a point (its context, its row twice):
        // the limit falls at 480 points.
        let running = try RunningWorker { $0.limits.maxJobBytes = 9 << 20 }
        let client = try running.client()
        let error = try client.error("train", Self.fullBPTT(points: 520))
        #expect(error.code == -32004 && error.data["limit"] == "max_job_bytes")
        let estimate = try #require(error.data["value"]?.int)
        #expect(estimate > 9 << 20 && estimate < 9 << 20 + 100_000)
        // The smaller job's trainer is made (all it estimates is allocated), then runs its 0 epochs (one epoch of
        // full BPTT at hidden size 512 takes minutes in a debug build).
        var smaller = Self.fullBPTT(points: 440)
        (smaller["epochs"], smaller["wait"]) = (0, true)
        let job = try client.result("train", smaller)
        #expect(job["state"] == "done")
        try running.stop()
    }

    @Test func inferenceWhoseReplyOrTapeWouldNotFitIsRefused() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let model = try client.result("train", ["epochs": 0, "hidden_size": 64, "wait": true])["model"]!
        let data: JSONValue = ["sine": ["start": 0, "stop": 1000, "points": 1_000_000]]
        // Every step's 64 hidden values beside its prediction: 65·10⁶ numbers, 6.5 GB as a reply.
        let states = try client.error("predict", ["model": model, "data": data, "return": ["hidden"]])
        #expect(states.code == -32004 && states.data["limit"] == "max_job_bytes")
        #expect(states.data["value"] == .number(100 * 65 * 999_999))
        // Back-propagation through 999,999 steps in float64 keeps (1·2 + 3)·64 values each: 2.9 GB.
        let flow = try client.error("gradient_flow", ["model": model, "data": data])
        #expect(flow.code == -32004 && flow.data["limit"] == "max_job_bytes")
        #expect(flow.data["value"]!.int! > 999_999 * 5 * 64 * 8)
        try running.stop()
    }
}
