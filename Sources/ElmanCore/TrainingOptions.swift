/// How `train` runs. The defaults are the seed's: 300 epochs of plain SGD at learning rate 0.1, updating after every
/// step (truncation 1), reporting every 10th epoch.
///
/// Valid options (checked by `train` as preconditions): `epochs ≥ 0`, `truncation ≥ 1`, `reportEvery ≥ 1`,
/// `learningRate` finite.
public struct TrainingOptions: Equatable, Sendable {
    /// Passes over the series; each starts from a zero context.
    public var epochs: Int = 300
    /// SGD step size: w ← w − learningRate · ∂loss/∂w.
    public var learningRate: Float = 0.1
    /// Truncation window k: the losses of k consecutive steps are summed and back-propagated through those k steps
    /// only, then the weights are updated once; the context is carried into the next window as a constant. A last
    /// shorter window is updated too. k = 1 is the seed; k ≥ the number of steps is full BPTT (one update per epoch).
    public var truncation: Int = 1
    /// The progress callback fires after every epoch i with i % reportEvery == 0.
    public var reportEvery: Int = 10

    public init(epochs: Int = 300, learningRate: Float = 0.1, truncation: Int = 1, reportEvery: Int = 10) {
        self.epochs = epochs
        self.learningRate = learningRate
        self.truncation = truncation
        self.reportEvery = reportEvery
    }

    /// Whether these options satisfy `train`'s preconditions.
    public var isValid: Bool {
        epochs >= 0 && truncation >= 1 && reportEvery >= 1 && learningRate.isFinite
    }
}
