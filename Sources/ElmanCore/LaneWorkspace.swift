/// Up to `Block.scalarCount` (8) seed-kind runs of one hidden size H on one series with truncation 1, trained
/// together: model m lives in lane m of every `Block`, so one vector operation advances every model by the same
/// scalar operation. Unused lanes hold zero weights and learning rate 0 and are never read back.
///
/// Storage is unit-major: `w1[i·P + j]` is W1[i][j] of every model (row i = 0 the input weights, rows 1…H the
/// context), `w2[j]` is W2[j], `h…[j]` the hidden state of unit j; P is the single-model path's padded row
/// (`PaddedLayout.lanes`, units H…P−1 stay zero) so that the output sum can add exactly what that path adds.
///
/// Bit-identity with the single-model fast path (`TrainingWorkspace` with truncation 1), lane by lane: every
/// element-wise step (`forward`, `backpropagate`, `addOutputGradient`, `descendAndForward`) is the same IEEE
/// operation on the same operands in the same order, here done by one lane of a Block instead of by one lane of the
/// single model's Block; tanh is the same vectorised function, lane-wise. The one reduction, the output
/// y = Σ_j h[j]·w2[j], is summed as `output` sums it: per single-path lane l the products of units l, l + 8, … in
/// order starting from +0 (`Block() +=`), then those eight partial sums combined as `SIMD.sum()` combines them
/// (`singlePathSum`).
struct LaneWorkspace: ~Copyable {
    let hidden: Int
    /// The single-model path's padded row length P.
    let padded: Int
    let steps: Int
    let models: Int
    private let learningRates: Block
    private let series: [Float]
    private let memory: UnsafeMutableBufferPointer<Block>
    private let w1: UnsafeMutablePointer<Block>
    private let w2: UnsafeMutablePointer<Block>
    private let savedW1: UnsafeMutablePointer<Block>
    private let savedW2: UnsafeMutablePointer<Block>
    /// Three rotating hidden-state rows and δ.
    private let rows: UnsafeMutablePointer<Block>
    private let delta: UnsafeMutablePointer<Block>

    /// Preconditions: 1 ≤ count ≤ 8, one hidden size, learning rates as many as weights, the series valid.
    init(weights: [ElmanWeights], learningRates rates: [Float], series: [Float]) {
        precondition((1...Block.scalarCount).contains(weights.count) && rates.count == weights.count)
        let hidden = weights[0].hiddenSize
        precondition(weights.allSatisfy { $0.hiddenSize == hidden }, "one hidden size per lane group")
        self.hidden = hidden
        padded = PaddedLayout(hidden: hidden).lanes
        steps = series.count - 1
        models = weights.count
        self.series = series
        var lr = Block()
        for (m, rate) in rates.enumerated() { lr[m] = rate }
        learningRates = lr
        let w1Count = (hidden + 1) * padded
        memory = .allocate(capacity: 2 * (w1Count + padded) + 4 * padded)
        memory.initialize(repeating: Block())
        w1 = memory.baseAddress!
        w2 = w1 + w1Count
        savedW1 = w2 + padded
        savedW2 = savedW1 + w1Count
        rows = savedW2 + padded
        delta = rows + 3 * padded
        for (m, model) in weights.enumerated() {
            for i in 0...hidden {
                for j in 0..<hidden { w1[i * padded + j][m] = model.w1[i * hidden + j] }
            }
            for j in 0..<hidden { w2[j][m] = model.w2[j] }
        }
    }

    deinit { memory.deallocate() }

    /// Model m's live weights, in PyTorch's layout.
    func weights(_ m: Int) -> ElmanWeights {
        var flat: [Float] = []
        flat.reserveCapacity((hidden + 1) * hidden)
        for i in 0...hidden {
            for j in 0..<hidden { flat.append(w1[i * padded + j][m]) }
        }
        return ElmanWeights(unchecked: hidden, w1: flat, w2: (0..<hidden).map { w2[$0][m] })
    }

    /// Remembers every model's weights.
    func checkpoint() {
        savedW1.update(from: w1, count: (hidden + 1) * padded)
        savedW2.update(from: w2, count: padded)
    }

    /// Restores model m's weights from the last checkpoint.
    func rollback(_ m: Int) {
        for index in 0..<(hidden + 1) * padded { w1[index][m] = savedW1[index][m] }
        for j in 0..<padded { w2[j][m] = savedW2[j][m] }
    }

    /// Whether model m's weights are all finite, for every lane (as `allFinite`: the largest magnitude bit pattern
    /// is below infinity's).
    var finiteWeights: [Bool] {
        var largest = BlockBits()
        for index in 0..<(hidden + 1) * padded { largest = pointwiseMax(largest, magnitude(w1[index])) }
        for j in 0..<padded { largest = pointwiseMax(largest, magnitude(w2[j])) }
        return (0..<models).map { largest[$0] < Float.infinity.bitPattern }
    }

    private func magnitude(_ values: Block) -> BlockBits {
        unsafeBitCast(values, to: BlockBits.self) & BlockBits(repeating: 0x7FFF_FFFF)
    }

    /// One epoch of the seed's loop (truncation 1) for every lane from zero contexts; each lane's loss.
    func runEpoch() -> Block {
        var previous = rows, current = rows + padded, upcoming = rows + 2 * padded
        for j in 0..<padded { previous[j] = Block() }
        forward(x: series[0], context: previous, into: current)
        let scale = -learningRates
        var loss = Block()
        for t in 0..<steps {
            let dy = output(current) - Block(repeating: series[t + 1])
            loss += dy * dy / 2
            for j in 0..<hidden {
                let h = current[j]
                delta[j] = (dy * w2[j] + Block()) * (1 - h * h)
                w2[j] = w2[j] + scale * (h * dy)
            }
            descendAndForward(scale: scale, x: series[t], context: previous, nextX: series[t + 1],
                              nextContext: current, into: upcoming)
            (previous, current, upcoming) = (current, upcoming, previous)
        }
        return loss
    }

    /// `forward` of Kernels.swift, lane-wise: rows in order, four at a time, then the rest one by one.
    private func forward(x: Float, context: UnsafePointer<Block>, into next: UnsafeMutablePointer<Block>) {
        for j in 0..<hidden { next[j] = x * w1[j] }
        var i = 0
        while i + 4 <= hidden {
            let (c0, c1, c2, c3) = (context[i], context[i + 1], context[i + 2], context[i + 3])
            let r0 = w1 + (i + 1) * padded, r1 = r0 + padded, r2 = r1 + padded, r3 = r2 + padded
            for j in 0..<hidden { next[j] = next[j] + c0 * r0[j] + c1 * r1[j] + c2 * r2[j] + c3 * r3[j] }
            i += 4
        }
        while i < hidden {
            let c = context[i], row = w1 + (i + 1) * padded
            for j in 0..<hidden { next[j] = next[j] + c * row[j] }
            i += 1
        }
        for j in 0..<hidden { next[j] = tanh(next[j]) }
    }

    /// `output` of Kernels.swift for every lane: y = Σ_j h[j]·w2[j] in the single path's order.
    private func output(_ h: UnsafePointer<Block>) -> Block {
        var partial = (Block(), Block(), Block(), Block(), Block(), Block(), Block(), Block())
        withUnsafeMutableBytes(of: &partial) { raw in
            let sums = raw.baseAddress!.assumingMemoryBound(to: Block.self)
            var j = 0
            while j < padded {
                for l in 0..<Block.scalarCount { sums[l] += h[j + l] * w2[j + l] }
                j += Block.scalarCount
            }
        }
        return singlePathSum(partial)
    }

    /// `descendAndForward` of Kernels.swift, lane-wise: row 0, then rows two at a time, then the last one.
    private func descendAndForward(scale: Block, x: Float, context: UnsafePointer<Block>, nextX: Float,
                                   nextContext: UnsafePointer<Block>, into next: UnsafeMutablePointer<Block>) {
        for j in 0..<hidden {
            let v = w1[j] + scale * (x * delta[j])
            w1[j] = v
            next[j] = nextX * v
        }
        var i = 0
        while i + 2 <= hidden {
            let (c0, c1, n0, n1) = (context[i], context[i + 1], nextContext[i], nextContext[i + 1])
            let r0 = w1 + (i + 1) * padded, r1 = r0 + padded
            for j in 0..<hidden {
                let d = delta[j]
                let v0 = r0[j] + scale * (c0 * d), v1 = r1[j] + scale * (c1 * d)
                r0[j] = v0
                r1[j] = v1
                next[j] = next[j] + n0 * v0 + n1 * v1
            }
            i += 2
        }
        if i < hidden {
            let c = context[i], n = nextContext[i], row = w1 + (i + 1) * padded
            for j in 0..<hidden {
                let v = row[j] + scale * (c * delta[j])
                row[j] = v
                next[j] = next[j] + n * v
            }
        }
        for j in 0..<hidden { next[j] = tanh(next[j]) }
    }
}

/// The eight per-lane partial sums of the single path's `output`, combined for every model as `Block.sum()`
/// combines one block's lanes: the standard library's floating-point `SIMD.sum()` adds the lanes in order to −0,
/// one by one, and so does this for every model at once. (`LaneTrainingTests` would see any other order.)
@inline(__always)
func singlePathSum(_ partial: (Block, Block, Block, Block, Block, Block, Block, Block)) -> Block {
    var result = Block(repeating: -0.0)
    result += partial.0
    result += partial.1
    result += partial.2
    result += partial.3
    result += partial.4
    result += partial.5
    result += partial.6
    result += partial.7
    return result
}
