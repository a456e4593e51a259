/// The largest absolute difference between two equally long arrays (infinity when the lengths differ).
func maxAbsDifference<Scalar: BinaryFloatingPoint>(_ a: [Scalar], _ b: [Scalar]) -> Scalar {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).reduce(0) { worst, pair in max(worst, abs(pair.0 - pair.1)) }
}
