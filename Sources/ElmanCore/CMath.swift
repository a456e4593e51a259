#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C maths functions ElmanCore uses, from the one file of the module that imports the C library (Glibc on
/// Linux, Darwin on macOS). Each is the C function of the same meaning, correctly rounded as the C library rounds it.
enum CMath {
    static func sine(_ x: Double) -> Double { sin(x) }
    static func cosine(_ x: Double) -> Double { cos(x) }
    /// ln x.
    static func logarithm(_ x: Double) -> Double { log(x) }
    /// eˣ.
    static func exponential(_ x: Double) -> Double { exp(x) }
    static func hyperbolicTangent(_ x: Float) -> Float { tanhf(x) }
    static func hyperbolicTangent(_ x: Double) -> Double { tanh(x) }
}
