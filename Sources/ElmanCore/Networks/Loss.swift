/// The loss of a training window, over its steps × batch × outputs errors e = y − target (N of them):
///
/// - `halfSumOfSquares` ("sse/2", the seed's): Σ e²/2, so ∂loss/∂y = e;
/// - `meanSquared` ("mse", PyTorch's MSELoss over the window): Σ e² / N, so ∂loss/∂y = 2e/N.
///
/// An epoch's loss is the sum of its windows' losses.
public enum Loss: String, Equatable, Hashable, Sendable, CaseIterable {
    case halfSumOfSquares = "sse/2"
    case meanSquared = "mse"

    /// The window's loss from its errors, summed in order (sequence, step, output).
    func value<Scalar: ReferenceScalar>(errors: [[[Scalar]]]) -> Scalar {
        var sum: Scalar = 0, count = 0
        for sequence in errors {
            for step in sequence {
                for e in step {
                    switch self {
                    case .halfSumOfSquares: sum += e * e / 2
                    case .meanSquared: sum += e * e
                    }
                    count += 1
                }
            }
        }
        return self == .meanSquared ? sum / Scalar(count) : sum
    }

    /// ∂loss/∂y for each error, shaped like `errors`.
    func gradient<Scalar: ReferenceScalar>(errors: [[[Scalar]]]) -> [[[Scalar]]] {
        switch self {
        case .halfSumOfSquares:
            return errors
        case .meanSquared:
            let count = Scalar(errors.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } })
            return errors.map { $0.map { $0.map { 2 * $0 / count } } }
        }
    }
}
