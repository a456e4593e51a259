import Testing

@testable import ElmanWorker

/// The throttle's rule on given instants of the monotonic clock: a report passes only
/// `ProgressThrottle.interval` (50 ms) after the job's start or after the last one that passed.
@Suite struct ProgressThrottleTests {
    @Test func reportsPassAtMostOnePer50MillisecondsFromTheStart() {
        let start = ContinuousClock.now
        var throttle = ProgressThrottle(start: start)
        let offsets = [0, 1, 49, 50, 60, 99, 100, 151, 200, 201]
        let admitted = offsets.filter { throttle.admits(at: start + .milliseconds($0)) }
        #expect(admitted == [50, 100, 151, 201])
    }
}
