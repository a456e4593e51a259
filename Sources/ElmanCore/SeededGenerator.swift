/// A small, fast, seedable generator: xoshiro256** whose 256-bit state is filled by SplitMix64.
///
/// - Seeding: SplitMix64 starting at `seed` produces the four state words s0…s3 in order
///   (z += 0x9E3779B97F4A7C15; z = (z ^ z>>30)·0xBF58476D1CE4E5B9; z = (z ^ z>>27)·0x94D049BB133111EB; z ^ z>>31).
///   SplitMix64 never yields four zero words, so the state is valid for every seed.
/// - `next()`: xoshiro256** (Blackman & Vigna): result = rotl(s1·5, 7)·9, then the state advances
///   (t = s1<<17; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)).
/// - `nextNormal`: Box–Muller in Double. Two uniforms u1 ∈ (0, 1] and u2 ∈ [0, 1) (each the top 53 bits of one
///   `next()`, u1 taken as 1 − u) give z = √(−2 ln u1) · cos(2π u2); the result is mean + std · z. One normal per
///   two draws (the sine partner is not kept), so the stream of normals is a pure function of the seed.
///
/// A value type with no shared state: each copy continues independently, and it is safe to use from any thread.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var z = seed
        func splitMix() -> UInt64 {
            z &+= 0x9E37_79B9_7F4A_7C15
            var x = z
            x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
            x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
            return x ^ (x >> 31)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
    }

    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, by: 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, by: 45)
        return result
    }

    /// A normal(mean, std) sample by Box–Muller (see the type's documentation).
    public mutating func nextNormal(mean: Double, std: Double) -> Double {
        let u1 = 1 - nextUnit()
        let u2 = nextUnit()
        let radius = (-2 * CMath.logarithm(u1)).squareRoot()
        return mean + std * radius * CMath.cosine(2 * Double.pi * u2)
    }

    /// Uniform in [0, 1): the top 53 bits of one draw, scaled by 2⁻⁵³.
    private mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    private func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
