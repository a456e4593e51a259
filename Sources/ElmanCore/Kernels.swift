// The fast path's loops, over rows stored as PaddedLayout describes: whole `Block`s (b indexes them), W1 row-major
// with row 0 the input weights. Kernels that walk W1 go row by row, so memory is read and written contiguously
// (walking one block of columns down all rows keeps accumulators in registers but strides through memory, and
// measured 1.5–2× slower at hidden 256). Per lane, pre-activations and weight updates perform the same operations
// in the same order as ReferenceElman.Network; sums over the hidden units (the output y and the carry) add lanes in
// another order, and tanh is the vectorised one of VectorTanh.swift.

/// The block of Floats starting at `base + Block.scalarCount·block`.
@inline(__always)
func load(_ base: UnsafePointer<Float>, block: Int) -> Block {
    UnsafeRawPointer(base + Block.scalarCount * block).loadUnaligned(as: Block.self)
}

/// Writes `value` to the block of Floats starting at `base + Block.scalarCount·block`.
@inline(__always)
func store(_ value: Block, _ base: UnsafeMutablePointer<Float>, block: Int) {
    UnsafeMutableRawPointer(base + Block.scalarCount * block).storeBytes(of: value, as: Block.self)
}

/// One step of the cell: next = tanh(x·W1[0] + Σ_{i<H} context[i]·W1[i+1]). `next` must not overlap `context`.
///
/// Row-major axpys: `next` accumulates the rows in order 0…H, four rows per pass over it so that each of its
/// blocks is loaded and stored once per four rows (the order of additions per lane is unchanged).
@inline(__always)
func forward(
    x: Float, context: UnsafePointer<Float>, w1: UnsafePointer<Float>, into next: UnsafeMutablePointer<Float>,
    layout: PaddedLayout
) {
    let lanes = layout.lanes
    for b in 0..<layout.blocks { store(x * load(w1, block: b), next, block: b) }
    var i = 0
    while i + 4 <= layout.hidden {
        let (c0, c1, c2, c3) = (context[i], context[i + 1], context[i + 2], context[i + 3])
        let r0 = w1 + (i + 1) * lanes, r1 = r0 + lanes, r2 = r1 + lanes, r3 = r2 + lanes
        for b in 0..<layout.blocks {
            let sum = load(next, block: b) + c0 * load(r0, block: b) + c1 * load(r1, block: b)
                + c2 * load(r2, block: b) + c3 * load(r3, block: b)
            store(sum, next, block: b)
        }
        i += 4
    }
    while i < layout.hidden {
        let c = context[i], row = w1 + (i + 1) * lanes
        for b in 0..<layout.blocks { store(load(next, block: b) + c * load(row, block: b), next, block: b) }
        i += 1
    }
    for b in 0..<layout.blocks { store(tanh(load(next, block: b)), next, block: b) }
}

/// The output y = Σ_j h[j]·w2[j], summed per lane, then across lanes.
@inline(__always)
func output(h: UnsafePointer<Float>, w2: UnsafePointer<Float>, layout: PaddedLayout) -> Float {
    var sum = Block()
    for b in 0..<layout.blocks { sum += load(h, block: b) * load(w2, block: b) }
    return sum.sum()
}

/// The error signal at one step's pre-activations: δ[j] = (dy·w2[j] + carry[j])·(1 − h[j]²), where dy = ∂loss/∂y,
/// carry = ∂loss/∂h arriving from later steps of the window (zeros at its last step) and 1 − h² is tanh′.
@inline(__always)
func backpropagate(
    dy: Float, h: UnsafePointer<Float>, carry: UnsafePointer<Float>, w2: UnsafePointer<Float>,
    into delta: UnsafeMutablePointer<Float>, layout: PaddedLayout
) {
    for b in 0..<layout.blocks {
        let h = load(h, block: b)
        store((dy * load(w2, block: b) + load(carry, block: b)) * (1 - h * h), delta, block: b)
    }
}

/// target[j] += scale·(h[j]·dy). h·dy is one step's ∂loss/∂W2: scale 1 accumulates it, scale −lr is the SGD step
/// (adding −(lr·g) is exactly subtracting lr·g).
@inline(__always)
func addOutputGradient(
    scale: Float, h: UnsafePointer<Float>, dy: Float, into target: UnsafeMutablePointer<Float>, layout: PaddedLayout
) {
    for b in 0..<layout.blocks {
        store(load(target, block: b) + scale * (load(h, block: b) * dy), target, block: b)
    }
}

/// gradient[i][j] += xh[i]·δ[j] with xh = [x, context]: accumulates one step's ∂loss/∂W1 = xhᵀ·δ, row by row.
@inline(__always)
func accumulateInputGradient(
    x: Float, context: UnsafePointer<Float>, delta: UnsafePointer<Float>,
    into gradient: UnsafeMutablePointer<Float>, layout: PaddedLayout
) {
    var row = gradient
    for i in -1..<layout.hidden {
        let c = i < 0 ? x : context[i]
        for b in 0..<layout.blocks {
            store(load(row, block: b) + c * load(delta, block: b), row, block: b)
        }
        row += layout.lanes
    }
}

/// Truncation 1 in one pass over W1: the SGD step of one step, then the next step's forward pass through the rows
/// just updated, while they are in registers (two rows per pass over `next`):
///
///     W1[i] ← W1[i] − lr·(xh[i]·δ)               xh = [x, context]
///     next  = tanh(nextX·W1[0] + Σ_i nextContext[i]·W1[i+1])
///
/// Per lane the result equals the update followed by `forward`. `next` must overlap neither context.
@inline(__always)
func descendAndForward(
    learningRate: Float, x: Float, context: UnsafePointer<Float>, delta: UnsafePointer<Float>,
    nextX: Float, nextContext: UnsafePointer<Float>, w1: UnsafeMutablePointer<Float>,
    into next: UnsafeMutablePointer<Float>, layout: PaddedLayout
) {
    let scale = -learningRate
    for b in 0..<layout.blocks {
        let v = load(w1, block: b) + scale * (x * load(delta, block: b))
        store(v, w1, block: b)
        store(nextX * v, next, block: b)
    }
    let lanes = layout.lanes
    var i = 0
    while i + 2 <= layout.hidden {
        let (c0, c1, n0, n1) = (context[i], context[i + 1], nextContext[i], nextContext[i + 1])
        let r0 = w1 + (i + 1) * lanes, r1 = r0 + lanes
        for b in 0..<layout.blocks {
            let d = load(delta, block: b)
            let v0 = load(r0, block: b) + scale * (c0 * d), v1 = load(r1, block: b) + scale * (c1 * d)
            store(v0, r0, block: b)
            store(v1, r1, block: b)
            store(load(next, block: b) + n0 * v0 + n1 * v1, next, block: b)
        }
        i += 2
    }
    if i < layout.hidden {
        let c = context[i], n = nextContext[i], row = w1 + (i + 1) * lanes
        for b in 0..<layout.blocks {
            let v = load(row, block: b) + scale * (c * load(delta, block: b))
            store(v, row, block: b)
            store(load(next, block: b) + n * v, next, block: b)
        }
    }
    for b in 0..<layout.blocks { store(tanh(load(next, block: b)), next, block: b) }
}

/// carry[i] = Σ_j W1[i+1][j]·δ[j]: the gradient reaching the previous context, ∂loss/∂h_{t−1} = W1[1…H]·δ.
@inline(__always)
func contextGradient(
    w1: UnsafePointer<Float>, delta: UnsafePointer<Float>, into carry: UnsafeMutablePointer<Float>,
    layout: PaddedLayout
) {
    var row = w1 + layout.lanes
    for i in 0..<layout.hidden {
        var sum = Block()
        for b in 0..<layout.blocks { sum += load(row, block: b) * load(delta, block: b) }
        carry[i] = sum.sum()
        row += layout.lanes
    }
}

/// target[i] += scale·source[i] for `count` values, a multiple of Block.scalarCount: the SGD step w ← w − lr·g with
/// scale −lr.
@inline(__always)
func addScaled(scale: Float, _ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, count: Int) {
    for b in 0..<count / Block.scalarCount {
        store(load(target, block: b) + scale * load(source, block: b), target, block: b)
    }
}

/// Whether all `count` values are finite: the largest magnitude bit pattern (sign cleared) is below that of
/// infinity; NaNs and infinities have all exponent bits set. An integer max, which vectorises.
@inline(__always)
func allFinite(_ values: UnsafePointer<Float>, count: Int) -> Bool {
    var largest: UInt32 = 0
    for i in 0..<count { largest = max(largest, values[i].bitPattern & 0x7FFF_FFFF) }
    return largest < Float.infinity.bitPattern
}
