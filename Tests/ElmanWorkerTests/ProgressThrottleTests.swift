import Testing

@testable import ElmanWorker

/// The throttle's rule on given instants of the monotonic clock: the first report passes, later ones only
/// `ProgressThrottle.interval` (50 ms) after the last one that passed.
@Suite struct ProgressThrottleTests {
    @Test func firstReportPassesThenAtMostOnePer50Milliseconds() {
        var throttle = ProgressThrottle()
        let start = ContinuousClock.now
        let offsets = [0, 1, 49, 50, 60, 99, 100, 151, 200, 201]
        let admitted = offsets.filter { throttle.admits(at: start + .milliseconds($0)) }
        #expect(admitted == [0, 50, 100, 151, 201])
    }
}
