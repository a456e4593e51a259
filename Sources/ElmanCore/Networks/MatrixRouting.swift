/// Which of a `NetworkWorkspace`'s matrix products go through OpenBLAS (`BLAS`) instead of the own kernels
/// (`accumulateRows`, `rowDots`, the per-row gradient terms of `GradientTerms` fused with the optimiser step).
/// Products with a layer's hidden rows, and with the input rows of the layers above the first, can be routed; the
/// first layer's input rows (D, a few columns of data) always take the own kernels, and so does the first layer's
/// forward product when its update is deferred into it one step at a time (`NetworkWorkspace.deferredRate`: k = 1,
/// plain SGD, one sequence), which saves a whole pass over its weights per step (hidden 1024, µs per step, own
/// fused vs sgemv: rnn 170 vs 410–530, lstm 760–860 vs 3150–4050, gru 440–710 vs 880–2260, at load 3–6); with
/// updates pending several at a time (`pendingRank`) the product is with the stored rows and routed as any other.
struct MatrixRouting: Sendable, Equatable {
    /// The forward products z ↦ Wᵀz per step (sgemv).
    var forward: Bool
    /// The backward products δ ↦ Wδ per step (sgemv).
    var backward: Bool
    /// The window's weight gradient Σ_{t,b} z δᵀ = ZᵀΔ as one sgemm, when the window has more than one term
    /// (k·B > 1), instead of per-row sums applied as they are built.
    var gradient: Bool
    /// With the first layer's update deferred (k = 1, plain SGD, one sequence): how many of its hidden-row updates
    /// may be pending at once (`PendingUpdates`, flushed by one sgemm); 1 applies each in the next step's forward
    /// product (`updateAndAccumulateRows`, own kernels).
    var pendingRank: Int

    static let ownKernels = MatrixRouting(forward: false, backward: false, gradient: false, pendingRank: 1)
    /// Every product through OpenBLAS; pending updates flushed every 4 steps, so that short test series flush
    /// several times an epoch.
    static let blas = MatrixRouting(forward: true, backward: true, gradient: true, pendingRank: 4)
}

extension MatrixRouting {
    /// The crossovers measured with `elman-bench networks` (batch 1, one layer, SGD) on the 2-core AMD EPYC (Zen 3,
    /// AVX2 + FMA, 1 MB L2 per core, 32 MB L3) this project runs on, Haswell build, OpenBLAS 0.3.21 (Zen kernels),
    /// while the machine was loaded (load 4–6: ±30 % between runs). µs per step, mean of two runs' medians:
    ///
    ///     the window's gradient, own per-row sums → one sgemm
    ///       full BPTT (200 terms)   rnn   64: 1.7 → 1.2   256:  40 → 25    1024:  2100 → 480
    ///                               lstm  64: 9.7 → 9.5   256: 260 → 110   1024:  8000 → 3300
    ///                               gru   64: 8.5 → 6.9   256: 140 → 80    1024: 11800 → 2000
    ///       k = 5 (5 terms)         rnn  256: 34 → 25     lstm 256: 140 → 165     gru 256: 85 → 125
    ///     the per-step products, own kernels → sgemv (full BPTT, gradient by sgemm)
    ///                               rnn  256: 25 → 20
    ///                               lstm 256: 110 → 93    512: 480 → 250    1024: 4000 → 1850
    ///                               gru  256:  80 → 70    512: 280 → 175    1024: 1600 → 1100
    ///       k = 1 (forward only)    rnn 256: 18 → 42   lstm 256: 171 → 144   gru 256: 88 → 94   lstm 1024: 3380 → 2890
    ///     k = 1, plain SGD, one sequence: each update fused into the next step's product → up to 64 pending
    ///     (`PendingUpdates`; forward product by sgemv from 512 as above), quiet machine (load ≈ 1), two runs each:
    ///                               rnn  256: 8.0–10.4 → 9.5–10.5   512:  30–39 → 34     1024: 159–175 → 129–167
    ///                               lstm 256:  36–38 → 35–36        512: 130–141 → 126–128   1024: 716–1190 → 627–942
    ///                               gru  256:  26–28 → 27–28        512: 106 → 91–100     1024: 545–705 → 451–580
    ///     (ranks 16, 32 and 128 at hidden 1024 were within the noise of 64; with the workspace's memory recycled
    ///     since, 64 gives rnn 1024 131–140, gru 1024 395–448, lstm 1024 646–650.)
    ///
    /// Hence, alike for the three cells (their differences were within the noise): the gradient by sgemm from
    /// hidden 64 when a window has at least 16 terms k·B (with few terms the own per-row sums, fused with the
    /// optimiser, touch each weight once and the sgemm path twice; the crossover lies between 5 and 200 terms, 16 is
    /// not measured finely); the per-step products by sgemv from hidden 512 (at 256 and below the own kernels are as
    /// fast within the noise, and the seed's hidden 6 never leaves them); updates pending 64 at a time once the
    /// hidden rows hold 2¹⁹ weights (2 MB: gru and lstm from 512, rnn from 1024), below which they fit the caches
    /// and the fused update costs no extra pass.
    init(measuredFor network: NetworkDescription, termsPerWindow: Int) {
        let hidden = network.hiddenSize, products = hidden >= 512
        let hiddenWeights = hidden * network.cell.gateCount * hidden
        self.init(forward: products, backward: products, gradient: hidden >= 64 && termsPerWindow >= 16,
                  pendingRank: hiddenWeights >= 1 << 19 ? 64 : 1)
    }
}
