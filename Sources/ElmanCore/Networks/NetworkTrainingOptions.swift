/// How a general network trains (see `ReferenceNetwork.train`). The defaults are the seed's: 300 epochs, truncation
/// 1, loss sse/2, SGD at learning rate 0.1, no clipping, progress every 10th epoch.
///
/// Valid options (`isValid`, checked by `train` as a precondition): `epochs ≥ 0`, `truncation ≥ 1`,
/// `reportEvery ≥ 1`, a valid optimiser, `clipGradNorm` nil or finite and positive.
public struct NetworkTrainingOptions: Equatable, Sendable {
    /// Passes over the data; each starts from zero states.
    public var epochs: Int
    /// Window length k: the losses of k consecutive steps are summed (`loss`) and back-propagated through those
    /// steps only, then the optimiser steps once; the states are carried into the next window as constants. A last
    /// shorter window steps too. k ≥ the number of steps is full BPTT.
    public var truncation: Int
    public var loss: Loss
    /// One optimiser for the job; its state carries across windows and epochs.
    public var optimizer: Optimizer
    /// When set, gradients are clipped to this total norm before each step (`StateDict.clipNorm(to:)`).
    public var clipGradNorm: Double?
    /// The progress callback fires after every epoch i with i % reportEvery == 0.
    public var reportEvery: Int

    public init(
        epochs: Int = 300, truncation: Int = 1, loss: Loss = .halfSumOfSquares, optimizer: Optimizer = .seed,
        clipGradNorm: Double? = nil, reportEvery: Int = 10
    ) {
        self.epochs = epochs
        self.truncation = truncation
        self.loss = loss
        self.optimizer = optimizer
        self.clipGradNorm = clipGradNorm
        self.reportEvery = reportEvery
    }

    public var isValid: Bool {
        epochs >= 0 && truncation >= 1 && reportEvery >= 1 && optimizer.isValid
            && clipGradNorm.map { $0.isFinite && $0 > 0 } ?? true
    }

    /// The preconditions every trainer of general networks checks before its first epoch (`ReferenceNetwork`'s
    /// trainer, `NetworkWorkspace`): these options are valid and `data`'s input and output sizes are `network`'s.
    func checkTraining(_ network: NetworkDescription, on data: TrainingSequences) {
        precondition(isValid, "invalid training options \(self)")
        precondition(data.inputSize == network.inputSize && data.outputSize == network.outputSize,
                     "the data's \(data.inputSize) columns and \(data.outputSize) targets do not fit the network")
    }

    /// The epoch loop's view of these options (`runEpochs` reads only epochs and reportEvery).
    var epochLoop: TrainingOptions {
        TrainingOptions(epochs: epochs, truncation: truncation, reportEvery: reportEvery)
    }
}
