#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A number the reference path can compute in: Float (to compare with the fast path) or Double (for
/// finite-difference gradient checks).
public protocol ReferenceScalar: BinaryFloatingPoint, Sendable {
    /// tanh x, from the C library.
    static func tanh(_ x: Self) -> Self
}

extension Float: ReferenceScalar {
    public static func tanh(_ x: Float) -> Float { tanhf(x) }
}

extension Double: ReferenceScalar {
    public static func tanh(_ x: Double) -> Double {
        #if canImport(Glibc)
        Glibc.tanh(x)
        #else
        Darwin.tanh(x)
        #endif
    }
}
