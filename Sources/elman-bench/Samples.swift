/// Wall-clock samples of a repeated job, summarised as median and 90th percentile.
struct Samples {
    /// Seconds per run, in the order measured.
    private(set) var seconds: [Double] = []

    init(seconds: [Double] = []) { self.seconds = seconds }

    /// Runs `body` `warmup` times unmeasured, then `runs` times, each timed on the monotonic clock.
    static func measure(runs: Int, warmup: Int = 3, _ body: () throws -> Void) rethrows -> Samples {
        precondition(runs >= 1, "at least one run")
        for _ in 0..<warmup { try body() }
        let clock = ContinuousClock()
        var samples = Samples()
        samples.seconds.reserveCapacity(runs)
        for _ in 0..<runs {
            let start = clock.now
            try body()
            samples.seconds.append(seconds(start.duration(to: clock.now)))
        }
        return samples
    }

    /// `measure` with as many runs as fill about `seconds`, judged from one timed warm-up run, within `runs`.
    static func measure(seconds: Double, runs: ClosedRange<Int>, _ body: () throws -> Void) rethrows -> Samples {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        let once = max(Self.seconds(start.duration(to: clock.now)), 1e-9)
        return try measure(runs: min(runs.upperBound, max(runs.lowerBound, Int(seconds / once))), warmup: 0, body)
    }

    /// The value below which `fraction` of the samples lie (nearest rank on the sorted samples).
    func quantile(_ fraction: Double) -> Double {
        let sorted = seconds.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    var median: Double { quantile(0.5) }

    /// `<prefix>  <job>  median <t> <unit>  p90 <t> <unit>  n=<runs>`, each sample divided by `perRun` first (e.g.
    /// the number of steps a run trains, for time per step); `quantile` 0.99 prints p99 instead of p90.
    func line(_ prefix: String, _ job: String, unit: TimeUnit, perRun: Int = 1, quantile tail: Double = 0.9) -> String {
        let scale = unit.perSecond / Double(perRun)
        return "\(prefix)  \(job)  median \(format(median * scale)) \(unit.rawValue)  "
            + "p\(Int(tail * 100)) \(format(quantile(tail) * scale)) \(unit.rawValue)  n=\(seconds.count)"
    }

    /// `samples  <prefix>  <job>  <unit>  <t> <t> …`: every sample divided by `perRun`, in the order measured.
    func list(_ prefix: String, _ job: String, unit: TimeUnit, perRun: Int = 1) -> String {
        let scale = unit.perSecond / Double(perRun)
        return "samples  \(prefix)  \(job)  \(unit.rawValue)  " + seconds.map { format($0 * scale) }.joined(separator: " ")
    }

    private func format(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}

/// The unit a benchmark line reports in.
enum TimeUnit: String {
    case milliseconds = "ms"
    case microseconds = "µs"

    var perSecond: Double { self == .milliseconds ? 1e3 : 1e6 }
}
