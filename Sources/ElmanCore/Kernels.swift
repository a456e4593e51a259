// The fast path's loops, over rows stored as PaddedLayout describes (whole `Block` vectors, W1 row-major with
// row 0 the input weights). Each kernel walks one block of columns at a time and, inside it, the rows of
// W1 in order, so a block's accumulator stays in registers. Per lane, pre-activations and weight updates perform
// the same operations in the same order as ReferenceNetwork; sums over the hidden units (the output y and the
// carry) add lanes in a different order, and tanh is the vectorised one of VectorTanh.swift.

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
@inline(__always)
func forward(
    x: Float, context: UnsafePointer<Float>, w1: UnsafePointer<Float>, into next: UnsafeMutablePointer<Float>,
    layout: PaddedLayout
) {
    for block in 0..<layout.blocks {
        var a = x * load(w1, block: block)
        var row = w1 + layout.lanes
        for i in 0..<layout.hidden {
            a += context[i] * load(row, block: block)
            row += layout.lanes
        }
        store(tanh(a), next, block: block)
    }
}

/// The output y = Σ_j h[j]·w2[j], summed per lane, then across lanes.
@inline(__always)
func output(h: UnsafePointer<Float>, w2: UnsafePointer<Float>, layout: PaddedLayout) -> Float {
    var sum = Block()
    for block in 0..<layout.blocks { sum += load(h, block: block) * load(w2, block: block) }
    return sum.sum()
}

/// The error signal at one step's pre-activations: δ[j] = (dy·w2[j] + carry[j])·(1 − h[j]²), where dy = ∂loss/∂y,
/// carry = ∂loss/∂h arriving from later steps of the window (zeros at its last step) and 1 − h² is tanh′.
@inline(__always)
func backpropagate(
    dy: Float, h: UnsafePointer<Float>, carry: UnsafePointer<Float>, w2: UnsafePointer<Float>,
    into delta: UnsafeMutablePointer<Float>, layout: PaddedLayout
) {
    for block in 0..<layout.blocks {
        let h = load(h, block: block)
        store((dy * load(w2, block: block) + load(carry, block: block)) * (1 - h * h), delta, block: block)
    }
}

/// target[j] += scale·(h[j]·dy). h·dy is one step's ∂loss/∂W2: scale 1 accumulates it, scale −lr is the SGD step
/// (adding −(lr·g) is exactly subtracting lr·g).
@inline(__always)
func addOutputGradient(
    scale: Float, h: UnsafePointer<Float>, dy: Float, into target: UnsafeMutablePointer<Float>, layout: PaddedLayout
) {
    for block in 0..<layout.blocks {
        store(load(target, block: block) + scale * (load(h, block: block) * dy), target, block: block)
    }
}

/// gradient[i][j] += xh[i]·δ[j] with xh = [x, context]: accumulates one step's ∂loss/∂W1 = xhᵀ·δ.
@inline(__always)
func accumulateInputGradient(
    x: Float, context: UnsafePointer<Float>, delta: UnsafePointer<Float>,
    into gradient: UnsafeMutablePointer<Float>, layout: PaddedLayout
) {
    for block in 0..<layout.blocks {
        let d = load(delta, block: block)
        store(load(gradient, block: block) + x * d, gradient, block: block)
        var row = gradient + layout.lanes
        for i in 0..<layout.hidden {
            store(load(row, block: block) + context[i] * d, row, block: block)
            row += layout.lanes
        }
    }
}

/// Truncation 1 in one pass over W1: the SGD step of one step, then the next step's forward pass through the rows
/// just updated, while they are in registers:
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
    for block in 0..<layout.blocks {
        let d = load(delta, block: block)
        let w = load(w1, block: block) + scale * (x * d)
        store(w, w1, block: block)
        var a = nextX * w
        var row = w1 + layout.lanes
        for i in 0..<layout.hidden {
            let w = load(row, block: block) + scale * (context[i] * d)
            store(w, row, block: block)
            a += nextContext[i] * w
            row += layout.lanes
        }
        store(tanh(a), next, block: block)
    }
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
        for block in 0..<layout.blocks { sum += load(row, block: block) * load(delta, block: block) }
        carry[i] = sum.sum()
        row += layout.lanes
    }
}

/// target[i] += scale·source[i] for `count` (a multiple of Block.scalarCount) values: the SGD step w ← w − lr·g with scale −lr.
@inline(__always)
func addScaled(scale: Float, _ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, count: Int) {
    for block in 0..<count / Block.scalarCount {
        store(load(target, block: block) + scale * load(source, block: block), target, block: block)
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
