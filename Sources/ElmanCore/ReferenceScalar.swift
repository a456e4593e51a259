/// A number the reference path can compute in: Float (to compare with the fast path) or Double (for
/// finite-difference gradient checks).
public protocol ReferenceScalar: BinaryFloatingPoint, Sendable {
    /// tanh x, from the C library (`CMath`) (named so as not to collide with other modules' `tanh` on Float and Double).
    static func hyperbolicTangent(_ x: Self) -> Self
}

extension Float: ReferenceScalar {
    public static func hyperbolicTangent(_ x: Float) -> Float { CMath.hyperbolicTangent(x) }
}

extension Double: ReferenceScalar {
    public static func hyperbolicTangent(_ x: Double) -> Double { CMath.hyperbolicTangent(x) }
}
