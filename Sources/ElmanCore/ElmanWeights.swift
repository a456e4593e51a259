/// The weights of the seed's Elman network, stored in PyTorch's layout.
///
/// With hidden size H the network computes, for input x_t and context h_{t-1} (H values):
///
///     xh_t = [x_t, h_{t-1}]            (1 + H values)
///     h_t  = tanh(xh_t · W1)           W1: (H + 1) × H, row-major, row 0 = input weights, rows 1…H = context weights
///     y_t  = h_t · W2                  W2: H × 1
///
/// There are no biases. Invariants: `hiddenSize ≥ 1`, `w1.count == (hiddenSize + 1) * hiddenSize`,
/// `w2.count == hiddenSize`, and every value is finite (training never hands back non-finite weights).
public struct ElmanWeights: Equatable, Sendable {
    public let hiddenSize: Int
    /// (hiddenSize + 1) × hiddenSize values, row-major; row 0 holds the input weights.
    public internal(set) var w1: [Float]
    /// hiddenSize values: the output weights.
    public internal(set) var w2: [Float]

    /// Throws `ElmanError.shape` when `hiddenSize < 1` or a count does not match it, and `.notFinite` when a
    /// value is NaN or infinite.
    public init(hiddenSize: Int, w1: [Float], w2: [Float]) throws {
        guard hiddenSize >= 1 else { throw ElmanError.shape("hiddenSize must be at least 1, got \(hiddenSize)") }
        let w1Count = (hiddenSize + 1) * hiddenSize
        guard w1.count == w1Count else {
            throw ElmanError.shape("w1 needs \(w1Count) values for hidden size \(hiddenSize), got \(w1.count)")
        }
        guard w2.count == hiddenSize else {
            throw ElmanError.shape("w2 needs \(hiddenSize) values for hidden size \(hiddenSize), got \(w2.count)")
        }
        if let index = w1.firstIndex(where: { !$0.isFinite }) { throw ElmanError.notFinite("w1[\(index)]") }
        if let index = w2.firstIndex(where: { !$0.isFinite }) { throw ElmanError.notFinite("w2[\(index)]") }
        self.init(unchecked: hiddenSize, w1: w1, w2: w2)
    }

    /// The seed's network: 6 context neurons.
    public static let seedHiddenSize = 6

    /// The seed's initial deviations: normal(0, 0.4) for W1 and normal(0, 0.3) for W2.
    public static let seedW1Std: Float = 0.4
    public static let seedW2Std: Float = 0.3

    /// Seeded initial weights: every W1 value ~ normal(0, w1Std), then every W2 value ~ normal(0, w2Std), drawn in
    /// that order (W1 row-major) from `SeededGenerator(seed:)`, each sampled in Double (with the Float std widened
    /// to Double) and rounded to Float.
    /// The defaults are the seed's deviations. Precondition: `hiddenSize ≥ 1`, stds finite.
    public static func random(hiddenSize: Int, seed: UInt64, w1Std: Float = seedW1Std, w2Std: Float = seedW2Std)
        -> ElmanWeights
    {
        precondition(hiddenSize >= 1, "hiddenSize must be at least 1")
        precondition(w1Std.isFinite && w2Std.isFinite, "standard deviations must be finite")
        var generator = SeededGenerator(seed: seed)
        let w1 = (0..<(hiddenSize + 1) * hiddenSize).map { _ in
            Float(generator.nextNormal(mean: 0, std: Double(w1Std)))
        }
        let w2 = (0..<hiddenSize).map { _ in Float(generator.nextNormal(mean: 0, std: Double(w2Std))) }
        return ElmanWeights(unchecked: hiddenSize, w1: w1, w2: w2)
    }

    /// Builds weights whose invariants the caller has already established.
    init(unchecked hiddenSize: Int, w1: [Float], w2: [Float]) {
        self.hiddenSize = hiddenSize
        self.w1 = w1
        self.w2 = w2
    }
}
