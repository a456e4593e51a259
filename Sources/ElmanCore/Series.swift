/// Training data.
public enum Series {
    /// The seed's data: 21 points (its seq_length 20, plus one) from 2 to 10.
    public static let seedSine = (start: 2.0, stop: 10.0, points: 21)

    /// sin(linspace(start, stop, points)) with numpy's linspace semantics, computed in Double, then rounded to Float:
    /// value i = sin(start + i · (stop − start)/(points − 1)) for i < points − 1, and the last value is sin(stop).
    /// One point gives [sin(start)]; zero or fewer give []. The defaults are the seed's.
    public static func sine(start: Double = seedSine.start, stop: Double = seedSine.stop, points: Int = seedSine.points)
        -> [Float]
    {
        guard points > 1 else { return points == 1 ? [Float(CMath.sine(start))] : [] }
        let step = (stop - start) / Double(points - 1)
        return (0..<points).map { i in
            let t = i == points - 1 ? stop : Double(i) * step + start
            return Float(CMath.sine(t))
        }
    }

    /// Checks that `series` can be trained on: at least two values (inputs = all but the last, targets = all but
    /// the first), all finite. Throws `ElmanError.seriesTooShort(count)` or `.notFinite("series[i]")`.
    public static func validateForTraining(_ series: [Float]) throws {
        guard series.count >= 2 else { throw ElmanError.seriesTooShort(series.count) }
        if let index = series.firstIndex(where: { !$0.isFinite }) { throw ElmanError.notFinite("series[\(index)]") }
    }
}
