import COpenBLAS

/// The OpenBLAS routines the fast path routes big products through (`MatrixRouting` says when), on row-major
/// matrices of `NetworkLayout`'s padded rows. OpenBLAS picks its kernels for the CPU it runs on (AVX2/FMA here) and
/// sums in its own order, so results agree with the own kernels to rounding, not bit for bit.
///
/// Threads: OpenBLAS runs single-threaded in this process — `openblas_set_num_threads(1)` once, before the first
/// call from any thread (`ready`, a lazily initialised global, is touched by every wrapper). A job is one thread of
/// work; several jobs on several training threads then call OpenBLAS concurrently, which it supports (its buffers
/// are per call, taken from a locked pool); each call computes in the calling thread only.
enum BLAS {
    private static let ready: Void = openblas_set_num_threads(1)

    /// y[c] += Σ_{i<rows} x[i]·A[i][c] for c < columns: y += Aᵀx (sgemv, A transposed), A `rows` × `columns` with
    /// rows `columns` apart. The forward product of `accumulateRows`.
    @inline(__always)
    static func accumulateTransposedProduct(
        into y: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, rows: Int, columns: Int,
        _ x: UnsafePointer<Float>
    ) {
        ready
        cblas_sgemv(CblasRowMajor, CblasTrans, blasint(rows), blasint(columns), 1, a, blasint(columns), x, 1, 1, y, 1)
    }

    /// y[i] = Σ_{c<columns} A[i][c]·x[c] for i < rows: y = Ax (sgemv), A as above. The backward product of
    /// `rowDots`.
    @inline(__always)
    static func product(
        into y: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, rows: Int, columns: Int,
        _ x: UnsafePointer<Float>
    ) {
        ready
        cblas_sgemv(CblasRowMajor, CblasNoTrans, blasint(rows), blasint(columns), 1, a, blasint(columns), x, 1, 0, y, 1)
    }

    /// G = s·Zᵀ·Δ, or G += s·Zᵀ·Δ when `accumulating` (sgemm): G[i][c] (+)= s·Σ_{j<terms} Z[j][i]·Δ[j][c], for
    /// i < rows and c < columns; Z's rows are `zStride` Floats apart, Δ's and G's `columns`. A window's weight
    /// gradient Σ_{t,b} z_{t,b} δ_{t,b}ᵀ in one call, or pending SGD updates applied at once (`PendingUpdates`).
    @inline(__always)
    static func transposedProduct(
        into g: UnsafeMutablePointer<Float>, _ z: UnsafePointer<Float>, zStride: Int, rows: Int,
        _ delta: UnsafePointer<Float>, columns: Int, terms: Int, scale: Float = 1, accumulating: Bool = false
    ) {
        ready
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, blasint(rows), blasint(columns), blasint(terms), scale,
                    z, blasint(zStride), delta, blasint(columns), accumulating ? 1 : 0, g, blasint(columns))
    }

    /// B[c][r] = A[r][c] for r < rows and c < columns (somatcopy), A's rows `stride` Floats apart and B's
    /// `outputStride`: an exact copy, only the order of the Floats changes. `NetworkLayout` stores and reads back
    /// the weights with it: the strided side of a transpose misses the cache on nearly every Float when walked
    /// naively. With the own 16-row tiles, the setup of a job at hidden 1024 (weights stored and read back, a fresh
    /// workspace, one step) took 8.2 ms for an rnn, 27 ms for a GRU and 62 ms for an LSTM, 57 % of it in the two
    /// transposes; with this, 2.1, 10.7 and 35 ms.
    static func transpose(
        _ a: UnsafePointer<Float>, rows: Int, columns: Int, stride: Int, into b: UnsafeMutablePointer<Float>,
        stride outputStride: Int
    ) {
        ready
        cblas_somatcopy(CblasRowMajor, CblasTrans, blasint(rows), blasint(columns), 1, a, blasint(stride), b,
                        blasint(outputStride))
    }
}
