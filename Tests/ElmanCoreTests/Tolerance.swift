/// The largest absolute difference between two equally long arrays (infinity when the lengths differ).
func maxAbsDifference<Scalar: BinaryFloatingPoint>(_ a: [Scalar], _ b: [Scalar]) -> Scalar {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).reduce(0) { worst, pair in max(worst, abs(pair.0 - pair.1)) }
}

/// The largest |a − b| / max(1, |b|): absolute below magnitude 1, relative above (infinity when lengths differ).
func maxRelativeDifference<Scalar: BinaryFloatingPoint>(_ a: [Scalar], _ b: [Scalar]) -> Scalar {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).reduce(0) { worst, pair in max(worst, abs(pair.0 - pair.1) / max(1, abs(pair.1))) }
}
