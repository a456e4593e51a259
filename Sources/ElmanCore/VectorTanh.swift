/// tanh of every lane of a block at once, without branches; within 1.6 ulp of the exact tanh
/// (tools/reference/fit_tanh.py fits P and measures the error on 2.6 million points; VectorTanhTests checks it):
///
///     |x| < 0.625:  tanh |x| = |x| + |x|³·P(x²)         P of degree 4, least-squares fit for relative error
///     |x| ≥ 0.625:  tanh |x| = (1 − e)/(1 + e)           e = exp(−2·min(|x|, 10)); tanh 10 rounds to 1 in Float
///     exp v = 2ⁿ·exp r   n = round(v / ln 2), r = (v − n·ln2hi) − n·ln2lo, |r| ≤ ln2/2 (Cody–Waite: n·ln2hi exact)
///     exp r ≈ Σ_{k≤7} r^k / k!                            (truncation error below 6·10⁻⁹, relative)
///
/// The sign of x is copied onto the result, so tanh is odd and ±0 stay ±0; NaN stays NaN and ±∞ give ±1.
/// n is rounded by adding and subtracting 1.5·2²³ (exact for |v / ln 2| < 2²²), and 2ⁿ is built from its bits.
@inline(__always)
func tanh(_ x: Block) -> Block {
    let signBit = BlockBits(repeating: 0x8000_0000)
    let xBits = unsafeBitCast(x, to: BlockBits.self)
    let a = unsafeBitCast(xBits & ~signBit, to: Block.self)

    let u = a * a
    var p = Block(repeating: -0.005691985599696636)
    p = p * u + 0.020626291632652283
    p = p * u - 0.05373531952500343
    p = p * u + 0.13331381976604462
    p = p * u - 0.3333328068256378
    let small = a + a * u * p

    let v = -2 * a.replacing(with: 10, where: a .> 10)
    let magic = Block(repeating: 12_582_912)
    let shifted = v * 1.442695040888963 + magic
    let n = shifted - magic
    let r = (v - n * 0.693145751953125) - n * 1.428606765330187e-06
    var expR = Block(repeating: 1.0 / 5040)
    for coefficient: Float in [1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 1.0 / 2, 1, 1] {
        expR = expR * r + coefficient
    }
    let exponent = unsafeBitCast(shifted, to: BlockInts.self) &- unsafeBitCast(magic, to: BlockInts.self)
    let twoToN = unsafeBitCast((exponent &+ 127) &<< 23, to: Block.self)
    let e = expR * twoToN
    let large = (1 - e) / (1 + e)

    let magnitude = large.replacing(with: small, where: a .< 0.625)
    return unsafeBitCast(unsafeBitCast(magnitude, to: BlockBits.self) | (xBits & signBit), to: Block.self)
}
