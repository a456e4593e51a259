/// The first layer's hidden-row weight updates of plain SGD at k = 1 on one sequence, kept as a low-rank sum until
/// `capacity` of them are pending, so that most steps read the big weights once and write them never.
///
/// Each one-step window s gives the rows W (H rows of C lanes: row j multiplies h[j]) the update W −= lr·z_s δ_sᵀ,
/// z_s the h that entered step s and δ_s that step's ∂(W_hhᵀh + b_hh). With n updates pending the weights in use are
///
///     W_true = W_stored − lr·Σ_{s<n} z_s δ_sᵀ,   so   W_trueᵀh = W_storedᵀh − lr·Σ_{s<n} (z_s·h)·δ_s
///
/// (`correct`): a product with the stored weights plus n dot products of H and n axpys of C. Every `capacity`-th
/// update, and at the end of an epoch, all pending ones go into the stored weights at once (`flush`: one sgemm,
/// W_stored += (−lr)·ZᵀΔ). At hidden 1024 that replaces a read and a write of W per step by a read, plus a
/// read and a write every `capacity` steps. The arithmetic is the same sum in another order, so results agree with
/// immediate updates to rounding, not bit for bit.
///
/// Where the slots live is the workspace's; which slot an update takes follows from the step's index in the epoch
/// (`slot(afterStep:)`), so nothing is pending across epochs or after a rollback.
struct PendingUpdates {
    /// Most updates pending before a flush (≥ 2).
    let capacity: Int
    /// H: rows of W, values of each z.
    let rows: Int
    /// Floats between successive z (Hp).
    let zStride: Int
    /// C: lanes of each row of W and of each δ.
    let lanes: Int
    /// `capacity` × `zStride`, then `capacity` × `lanes`, then `capacity` scratch Floats.
    let memory: UnsafeMutablePointer<Float>

    static func floats(capacity: Int, zStride: Int, lanes: Int) -> Int { capacity * (zStride + lanes + 1) }

    private var zs: UnsafeMutablePointer<Float> { memory }
    private var deltas: UnsafeMutablePointer<Float> { memory + capacity * zStride }
    private var dots: UnsafeMutablePointer<Float> { deltas + capacity * lanes }

    /// The slot of the update from the one-step window at `step` (steps counted from 0 in the epoch): updates are
    /// flushed every `capacity`, so slots fill from 0 again after each flush.
    func slot(afterStep step: Int) -> Int { step % capacity }

    /// Stores z and δ of an update in `slot`.
    func store(z: UnsafePointer<Float>, delta: UnsafePointer<Float>, in slot: Int) {
        (zs + slot * zStride).update(from: z, count: zStride)
        (deltas + slot * lanes).update(from: delta, count: lanes)
    }

    /// acc −= lr·Σ_{s<count} (z_s·h)·δ_s: the pending updates' share of W_trueᵀh.
    func correct(_ acc: UnsafeMutablePointer<Float>, for h: UnsafePointer<Float>, count: Int, lr: Float) {
        rowDots(rows: zs, lanes: zStride, vector: h, count: count, into: dots)
        for s in 0..<count { dots[s] *= -lr }
        accumulateRows(into: acc, rows: deltas, lanes: lanes, values: dots, count: count)
    }

    /// weights −= lr·Σ_{s<count} z_s δ_sᵀ, the first `count` pending updates at once.
    func flush(into weights: UnsafeMutablePointer<Float>, count: Int, lr: Float) {
        BLAS.transposedProduct(into: weights, zs, zStride: zStride, rows: rows, deltas, columns: lanes, terms: count,
                               scale: -lr, accumulating: true)
    }
}
