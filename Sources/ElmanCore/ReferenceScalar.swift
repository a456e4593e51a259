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

extension ReferenceScalar {
    /// The logistic sigmoid σ(x) = 1 / (1 + e^−x), computed as the identical (1 + tanh(x/2)) / 2, which needs no
    /// exponential and cannot overflow. Its derivative is σ(x)·(1 − σ(x)).
    static func sigmoid(_ x: Self) -> Self { (1 + hyperbolicTangent(x / 2)) / 2 }

    /// ReLU: max(0, x), with NaN passed through as PyTorch does. Its derivative is taken as 1 where the result is
    /// positive and 0 elsewhere, as PyTorch takes it.
    static func rectifiedLinear(_ x: Self) -> Self { x < 0 ? 0 : x }
}
