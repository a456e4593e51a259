// The dense loops of the general networks' fast path (`NetworkWorkspace`), on rows of whole `Block`s as
// `NetworkLayout` stores them. Matrices are walked row by row so memory is read and written contiguously; sums over a
// row's lanes (dot products) add the lanes in another order than the reference path, so results agree with it to
// rounding, not bit for bit.

/// acc[c] += Σ_{i<count} values[i]·rows[i][c] for c < lanes (rows `lanes` Floats apart): a vector-matrix product
/// with the transposed weights, as axpys. Four rows per pass over `acc`, so that each of its blocks is loaded and
/// stored once per four rows.
@inline(__always)
func accumulateRows(
    into acc: UnsafeMutablePointer<Float>, rows: UnsafePointer<Float>, lanes: Int, values: UnsafePointer<Float>,
    count: Int
) {
    let blocks = lanes / Block.scalarCount
    var i = 0
    while i + 4 <= count {
        let (v0, v1, v2, v3) = (values[i], values[i + 1], values[i + 2], values[i + 3])
        let r0 = rows + i * lanes, r1 = r0 + lanes, r2 = r1 + lanes, r3 = r2 + lanes
        for b in 0..<blocks {
            let sum = load(acc, block: b) + v0 * load(r0, block: b) + v1 * load(r1, block: b)
                + v2 * load(r2, block: b) + v3 * load(r3, block: b)
            store(sum, acc, block: b)
        }
        i += 4
    }
    while i < count {
        let v = values[i], row = rows + i * lanes
        for b in 0..<blocks { store(load(acc, block: b) + v * load(row, block: b), acc, block: b) }
        i += 1
    }
}

/// A deferred plain-SGD step fused with the next forward product: rows[i] −= lr·(previous[i]·delta) for i < count,
/// then, when `acc` is given, acc[c] += Σ_i values[i]·rows[i][c] with the updated rows, four rows per pass as in
/// `accumulateRows`. Each row is read and written once for both, and the results are the bits of the update
/// (`PaddedOptimizer`'s one-term SGD) followed by `accumulateRows`.
@inline(__always)
func updateAndAccumulateRows(
    into acc: UnsafeMutablePointer<Float>?, rows: UnsafeMutablePointer<Float>, lanes: Int,
    values: UnsafePointer<Float>, count: Int, previous: UnsafePointer<Float>, delta: UnsafePointer<Float>, lr: Float
) {
    let blocks = lanes / Block.scalarCount
    var i = 0
    while i + 4 <= count, let acc {
        let (v0, v1, v2, v3) = (values[i], values[i + 1], values[i + 2], values[i + 3])
        let (s0, s1, s2, s3) = (previous[i], previous[i + 1], previous[i + 2], previous[i + 3])
        let r0 = rows + i * lanes, r1 = r0 + lanes, r2 = r1 + lanes, r3 = r2 + lanes
        for b in 0..<blocks {
            let d = load(delta, block: b)
            let w0 = load(r0, block: b) - lr * (s0 * d), w1 = load(r1, block: b) - lr * (s1 * d)
            let w2 = load(r2, block: b) - lr * (s2 * d), w3 = load(r3, block: b) - lr * (s3 * d)
            store(w0, r0, block: b)
            store(w1, r1, block: b)
            store(w2, r2, block: b)
            store(w3, r3, block: b)
            store(load(acc, block: b) + v0 * w0 + v1 * w1 + v2 * w2 + v3 * w3, acc, block: b)
        }
        i += 4
    }
    while i < count {
        let v = values[i], s = previous[i], row = rows + i * lanes
        for b in 0..<blocks {
            let w = load(row, block: b) - lr * (s * load(delta, block: b))
            store(w, row, block: b)
            if let acc { store(load(acc, block: b) + v * w, acc, block: b) }
        }
        i += 1
    }
}

/// out[i] = Σ_c rows[i][c]·vector[c] for i < count: the product with the weights themselves (back-propagating
/// through the transposes `accumulateRows` multiplies by).
@inline(__always)
func rowDots(
    rows: UnsafePointer<Float>, lanes: Int, vector: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Float>
) {
    let blocks = lanes / Block.scalarCount
    for i in 0..<count {
        let row = rows + i * lanes
        var sum = Block()
        for b in 0..<blocks { sum += load(row, block: b) * load(vector, block: b) }
        out[i] = sum.sum()
    }
}

/// target[c] = a[c] + b[c] (either may be nil, read as zeros) for `lanes` values.
@inline(__always)
func setSum(_ target: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>?, _ b: UnsafePointer<Float>?, lanes: Int) {
    for block in 0..<lanes / Block.scalarCount {
        var value = Block()
        if let a { value += load(a, block: block) }
        if let b { value += load(b, block: block) }
        store(value, target, block: block)
    }
}

/// target[c] += scale·source[c] for `lanes` values.
@inline(__always)
func accumulateScaled(
    _ target: UnsafeMutablePointer<Float>, _ scale: Float, _ source: UnsafePointer<Float>, lanes: Int
) {
    for block in 0..<lanes / Block.scalarCount {
        store(load(target, block: block) + scale * load(source, block: block), target, block: block)
    }
}

/// σ(x) = (1 + tanh(x/2))/2 lane by lane, as `ReferenceScalar.sigmoid` computes it.
@inline(__always)
func sigmoid(_ x: Block) -> Block { (1 + tanh(x * 0.5)) * 0.5 }
