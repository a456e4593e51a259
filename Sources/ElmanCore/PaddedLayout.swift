/// The vector the fast path computes with: eight lanes, two SSE registers. Sixteen lanes measured no faster at
/// hidden 64 and 256 and would leave most of the seed's only block (hidden 6) padding.
typealias Block = SIMD8<Float>
typealias BlockBits = SIMD8<UInt32>
typealias BlockInts = SIMD8<Int32>

/// How the fast path stores a network of hidden size H: every row holds `lanes` = B·⌈H/B⌉ Floats (B the lanes of a
/// `Block`), the H values followed by zeros, so the kernels work on whole blocks with no remainder loops.
///
/// W1 takes (H + 1) such rows (row 0 the input weights), W2 and every context, δ and carry one row each.
/// Invariant: padding lanes stay exactly zero through every kernel — zero weight columns give zero pre-activations,
/// tanh 0 = 0, and δ on a padding lane is (dy·0 + 0)·(1 − 0) = 0, so no update ever touches them.
struct PaddedLayout {
    let hidden: Int
    let lanes: Int

    init(hidden: Int) {
        self.hidden = hidden
        lanes = (hidden + Block.scalarCount - 1) / Block.scalarCount * Block.scalarCount
    }

    /// Blocks per row.
    var blocks: Int { lanes / Block.scalarCount }
    /// Floats of padded W1.
    var w1Count: Int { (hidden + 1) * lanes }

    /// Writes `weights` into padded W1 and W2 storage whose padding is already zero.
    func store(_ weights: ElmanWeights, w1: UnsafeMutablePointer<Float>, w2: UnsafeMutablePointer<Float>) {
        weights.w1.withUnsafeBufferPointer { source in
            for row in 0...hidden {
                (w1 + row * lanes).update(from: source.baseAddress! + row * hidden, count: hidden)
            }
        }
        w2.update(from: weights.w2, count: hidden)
    }

    /// Reads padded W1 and W2 back into PyTorch's layout. Precondition: the values are finite.
    func weights(w1: UnsafePointer<Float>, w2: UnsafePointer<Float>) -> ElmanWeights {
        var flat: [Float] = []
        flat.reserveCapacity((hidden + 1) * hidden)
        for row in 0...hidden {
            flat.append(contentsOf: UnsafeBufferPointer(start: w1 + row * lanes, count: hidden))
        }
        return ElmanWeights(unchecked: hidden, w1: flat, w2: Array(UnsafeBufferPointer(start: w2, count: hidden)))
    }
}
