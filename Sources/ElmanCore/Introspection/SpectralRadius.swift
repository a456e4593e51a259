/// The spectral radius ρ(A) = max |λ| over the eigenvalues λ of a small square matrix, for any matrix (not only
/// symmetric ones, where power iteration would do): by Gelfand's formula ρ(A) = lim_k ‖A^k‖^{1/k}, following
/// k = 2^j by repeated squaring in Double with each power renormalised (B_0 = A/‖A‖, B_{j+1} = B_j²/‖B_j²‖, and
/// log ‖A^{2^j}‖ kept apart as a sum of logs, so nothing overflows or underflows).
///
/// Convergence: for the Frobenius norm ‖A^{2k}‖ ≤ ‖A^k‖², so the estimates ρ_j = ‖A^{2^j}‖^{2^−j} decrease
/// towards ρ; they are ≥ ρ and ρ_j/ρ − 1 ≈ log(κ)/2^j with κ the eigenvector basis' condition number (a Jordan block
/// adds log(k)/k), so each squaring halves the error and the last step's change is about the error left. Iteration
/// stops when a step changes the estimate by less than `tolerance` (relative, 1e-11 by default) or after 64
/// squarings. Rounding adds about n·ε·κ relative (ε the Double epsilon). A matrix whose normalised powers vanish
/// (nilpotent, or ρ below ~1e-300·‖A‖) has ρ = 0. Cost: n³ multiply-adds per squaring, 35–45 squarings.
public enum SpectralRadius {
    public static let tolerance = 1e-11

    /// ρ of the n × n matrix `matrix` (row-major, n² finite values).
    public static func of(_ matrix: [Double], size n: Int, tolerance: Double = tolerance) -> Double {
        precondition(matrix.count == n * n && n > 0, "a square matrix of \(n)² values")
        var power = matrix
        let first = frobenius(power)
        guard first > 0 else { return 0 }
        normalise(&power, by: first)
        // logNorm = log ‖A^k‖ for k = 2^j.
        var logNorm = CMath.logarithm(first), k = 1.0, estimate = first
        for _ in 0..<64 {
            power = square(power, n)
            let norm = frobenius(power)
            guard norm > 0 else { return 0 }
            normalise(&power, by: norm)
            logNorm = 2 * logNorm + CMath.logarithm(norm)
            k *= 2
            let next = CMath.exponential(logNorm / k)
            defer { estimate = next }
            if estimate - next <= tolerance * next { return next }
        }
        return estimate
    }

    private static func frobenius(_ values: [Double]) -> Double {
        let largest = values.reduce(0) { max($0, abs($1)) }
        guard largest > 0 else { return 0 }
        return largest * values.reduce(0) { $0 + ($1 / largest) * ($1 / largest) }.squareRoot()
    }

    private static func normalise(_ values: inout [Double], by norm: Double) {
        for index in values.indices { values[index] /= norm }
    }

    /// A·A for an n × n row-major A: row i of the product accumulates A[i][m]·(row m of A), a loop over
    /// contiguous rows the compiler vectorises.
    private static func square(_ a: [Double], _ n: Int) -> [Double] {
        [Double](filling: n * n) { product in
            product.initialize(repeating: 0)
            a.withUnsafeBufferPointer { a in
                for i in 0..<n {
                    let row = product.baseAddress! + i * n
                    for m in 0..<n {
                        let aim = a[i * n + m], other = a.baseAddress! + m * n
                        if aim == 0 { continue }
                        for j in 0..<n { row[j] += aim * other[j] }
                    }
                }
            }
        }
    }
}

extension StateDict {
    /// ρ of each layer's recurrent matrix, per gate block: result[l][g] is the spectral radius of rows g·H..<(g+1)·H
    /// of weight_hh_l{l} (H × H; PyTorch's gate order: i, f, g, o for LSTM, r, z, n for GRU; one block for rnn).
    public var recurrentSpectralRadii: [[Double]] {
        let hidden = network.hiddenSize
        return (0..<network.numLayers).map { l in
            let weights = layer(l).weightHH
            return (0..<network.cell.gateCount).map { g in
                let block = weights[(g * hidden * hidden)..<((g + 1) * hidden * hidden)].map { Double($0) }
                return SpectralRadius.of(block, size: hidden)
            }
        }
    }
}
