/// The three products a dense layer needs, on row-major matrices held as flat arrays. Each accumulates into its
/// output in a fixed order (so results are reproducible), and none allocates.

/// out[r] += Σ_c W[r, c] · x[c], summing c from 0 up, for W of out.count rows × x.count columns.
func accumulateProduct<Scalar: ReferenceScalar>(_ out: inout [Scalar], _ w: [Scalar], _ x: [Scalar]) {
    let columns = x.count
    for r in out.indices {
        var sum = out[r]
        for c in 0..<columns { sum += w[r * columns + c] * x[c] }
        out[r] = sum
    }
}

/// dx[c] += Σ_r W[r, c] · d[r] (the product with Wᵀ, back-propagating through W), summing r from 0 up.
func accumulateTransposedProduct<Scalar: ReferenceScalar>(_ dx: inout [Scalar], _ w: [Scalar], _ d: [Scalar]) {
    let columns = dx.count
    for c in 0..<columns {
        var sum = dx[c]
        for r in d.indices { sum += w[r * columns + c] * d[r] }
        dx[c] = sum
    }
}

/// dW[r, c] += d[r] · x[c] (W's gradient from the output gradient d and the input x).
func accumulateOuterProduct<Scalar: ReferenceScalar>(_ dw: inout [Scalar], _ d: [Scalar], _ x: [Scalar]) {
    let columns = x.count
    for r in d.indices {
        for c in 0..<columns { dw[r * columns + c] += d[r] * x[c] }
    }
}

/// a[i] += b[i].
func accumulate<Scalar: ReferenceScalar>(_ a: inout [Scalar], _ b: [Scalar]) {
    for i in a.indices { a[i] += b[i] }
}
