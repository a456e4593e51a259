#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Training data.
public enum Series {
    /// sin(linspace(start, stop, points)) with numpy's linspace semantics, computed in Double, then rounded to Float:
    /// value i = sin(start + i · (stop − start)/(points − 1)) for i < points − 1, and the last value is sin(stop).
    /// One point gives [sin(start)]; zero or fewer give []. The seed uses the defaults (2, 10, 21).
    public static func sine(start: Double = 2, stop: Double = 10, points: Int = 21) -> [Float] {
        guard points > 1 else { return points == 1 ? [Float(sin(start))] : [] }
        let step = (stop - start) / Double(points - 1)
        return (0..<points).map { i in
            let t = i == points - 1 ? stop : Double(i) * step + start
            return Float(sin(t))
        }
    }

    /// Checks that `series` can be trained on: at least two values (inputs = all but the last, targets = all but
    /// the first), all finite. Throws `ElmanError.seriesTooShort(count)` or `.notFinite("series[i]")`.
    public static func validateForTraining(_ series: [Float]) throws {
        guard series.count >= 2 else { throw ElmanError.seriesTooShort(series.count) }
        if let index = series.firstIndex(where: { !$0.isFinite }) { throw ElmanError.notFinite("series[\(index)]") }
    }
}
