#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

// The fast path's loops over raw Float memory. W1 is (H + 1) × H row-major with row 0 the input weights, so every
// loop here walks rows contiguously; the compiler vectorises the axpy-shaped ones. Per element, each kernel performs
// the same operations in the same order as ReferenceNetwork, except `dot`, which sums in SIMD lanes.

/// One step of the cell: next = tanh(x · W1[0] + Σ_{i<H} context[i] · W1[i+1]); returns y = Σ_j next[j] · w2[j].
///
/// Each pre-activation is summed in row order 0…H, one row at a time across all H units (a row-major axpy),
/// four rows per pass so every unit is loaded and stored once per four rows; the order of additions per unit is
/// unchanged. The output sum runs over j in order. `next` must not overlap `context`.
@inline(__always)
func forwardStep(
    x: Float, context: UnsafePointer<Float>, next: UnsafeMutablePointer<Float>,
    w1: UnsafePointer<Float>, w2: UnsafePointer<Float>, hidden n: Int
) -> Float {
    for j in 0..<n { next[j] = x * w1[j] }
    var i = 0
    while i + 4 <= n {
        let (c0, c1, c2, c3) = (context[i], context[i + 1], context[i + 2], context[i + 3])
        let r0 = w1 + (i + 1) * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n
        for j in 0..<n { next[j] = next[j] + c0 * r0[j] + c1 * r1[j] + c2 * r2[j] + c3 * r3[j] }
        i += 4
    }
    while i < n {
        let c = context[i], row = w1 + (i + 1) * n
        for j in 0..<n { next[j] += c * row[j] }
        i += 1
    }
    var y: Float = 0
    for j in 0..<n {
        next[j] = tanhf(next[j])
        y += next[j] * w2[j]
    }
    return y
}

/// The error signal at the pre-activations of one step: δ[j] = (dy · w2[j] + carry[j]) · (1 − h[j]²), where dy is
/// ∂loss/∂y, carry is ∂loss/∂h arriving from later steps of the window (zeros at the window's last step) and
/// 1 − h² is tanh′.
@inline(__always)
func backpropagateStep(
    dy: Float, h: UnsafePointer<Float>, carry: UnsafePointer<Float>, w2: UnsafePointer<Float>,
    delta: UnsafeMutablePointer<Float>, hidden n: Int
) {
    for j in 0..<n { delta[j] = (dy * w2[j] + carry[j]) * (1 - h[j] * h[j]) }
}

/// target[i][j] += scale · (xh[i] · δ[j]) over the (H + 1) × H matrix `target`, with xh = [x, context].
///
/// xhᵀ·δ is ∂loss/∂W1 of one step: with scale 1 this accumulates the gradient; with scale −lr it applies the SGD
/// step directly (w − lr·g, since adding −(lr·g) is exactly subtracting lr·g), which needs no gradient buffer.
@inline(__always)
func addScaledOuter(
    scale: Float, x: Float, context: UnsafePointer<Float>, delta: UnsafePointer<Float>,
    into target: UnsafeMutablePointer<Float>, hidden n: Int
) {
    for j in 0..<n { target[j] += scale * (x * delta[j]) }
    for i in 0..<n {
        let c = context[i], row = target + (i + 1) * n
        for j in 0..<n { row[j] += scale * (c * delta[j]) }
    }
}

/// target[j] += scale · (h[j] · dy): ∂loss/∂W2 of one step is h·dy; scale as in `addScaledOuter`.
@inline(__always)
func addScaledOutput(
    scale: Float, h: UnsafePointer<Float>, dy: Float, into target: UnsafeMutablePointer<Float>, hidden n: Int
) {
    for j in 0..<n { target[j] += scale * (h[j] * dy) }
}

/// target[i] += scale · source[i]: the SGD step w ← w − lr·g with scale −lr.
@inline(__always)
func addScaled(scale: Float, _ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count { target[i] += scale * source[i] }
}

/// carry[i] = Σ_j W1[i+1][j] · δ[j]: the gradient reaching the previous context, ∂loss/∂h_{t−1} = W1[1…H] · δ.
@inline(__always)
func contextGradient(
    w1: UnsafePointer<Float>, delta: UnsafePointer<Float>, into carry: UnsafeMutablePointer<Float>, hidden n: Int
) {
    for i in 0..<n { carry[i] = dot(w1 + (i + 1) * n, delta, count: n) }
}

/// Σ a[j] · b[j], summed in eight-lane SIMD partial sums (two vectors, so adds overlap), then the lanes in order,
/// then the tail. Reassociated relative to a left-to-right sum, so it may differ from it in the last bits.
@inline(__always)
func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count n: Int) -> Float {
    var even = SIMD8<Float>(), odd = SIMD8<Float>()
    let rawA = UnsafeRawPointer(a), rawB = UnsafeRawPointer(b)
    let stride = MemoryLayout<Float>.stride
    var j = 0
    while j + 16 <= n {
        even += rawA.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<Float>.self)
            * rawB.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<Float>.self)
        odd += rawA.loadUnaligned(fromByteOffset: (j + 8) * stride, as: SIMD8<Float>.self)
            * rawB.loadUnaligned(fromByteOffset: (j + 8) * stride, as: SIMD8<Float>.self)
        j += 16
    }
    var sum = (even + odd).sum()
    while j < n {
        sum += a[j] * b[j]
        j += 1
    }
    return sum
}

/// Whether all `count` values are finite: the largest magnitude bit pattern (sign cleared) is below that of
/// infinity; NaNs and infinities have all exponent bits set. An integer max, which vectorises.
@inline(__always)
func allFinite(_ values: UnsafePointer<Float>, count: Int) -> Bool {
    var largest: UInt32 = 0
    for i in 0..<count { largest = max(largest, values[i].bitPattern & 0x7FFF_FFFF) }
    return largest < Float.infinity.bitPattern
}
