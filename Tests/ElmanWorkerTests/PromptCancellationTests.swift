import ElmanJSON
import Foundation
import Testing
import ZeroMQ

@testable import ElmanWorker

/// Cancellation between windows (`CancellationPoll`) on the worker: a job whose one epoch takes seconds ends
/// cancelled soon after `job.cancel`, with no epoch completed and the model's weights as they were.
@Suite struct PromptCancellationTests {
    @Test func aCancelDuringALongEpochEndsTheJobWithoutCompletingIt() throws {
        let running = try RunningWorker()
        let client = try running.client()
        // 199,999 steps at hidden size 64 in windows of 2: a fifth of a second per epoch in a release build, seconds
        // in this debug one, while the worker asks every 64 steps. (10⁶ points took the thread sanitizer's build more
        // than the client's 10 s receive timeout just to accept the job.)
        let job = try client.result("train", ["hidden_size": 64, "truncation": 2, "epochs": 2, "lr": 0.001,
                                              "data": ["sine": ["start": 0, "stop": 1000, "points": 200_000]]])
        let id = job["job"]!, model = job["model"]!
        let before = try client.result("model.get", ["model": model])["weights"]
        while try client.result("job.status", ["job": id])["state"] == "queued" {}
        let cancelled = ContinuousClock.now
        _ = try client.result("job.cancel", ["job": id])
        let ended = try client.result("job.wait", ["job": id, "timeout_ms": 60_000])
        let took = cancelled.duration(to: .now)
        #expect(ended["state"] == "cancelled" && ended["epoch"] == 0 && ended["losses"] == [])
        #expect(try client.result("model.get", ["model": model])["weights"] == before)
        print("a job cancelled during its first epoch of 199,999 steps at hidden 64 ended \(took) after job.cancel")
        try running.stop()
    }
}
