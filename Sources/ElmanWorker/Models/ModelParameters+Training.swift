import ElmanCore
import ElmanProtocol

extension ModelParameters {
    /// The starting weights of a new model from `source` (seeded random or PyTorch-default initialisation, or the
    /// weights given); nil for an existing model, whose weights the registry holds. The same source always gives
    /// the same weights.
    init?(new source: ModelSource) {
        switch source {
        case .existing: return nil
        case .random(let hiddenSize, let seed, let w1Std, let w2Std):
            self.init(.random(hiddenSize: hiddenSize, seed: seed, w1Std: w1Std, w2Std: w2Std))
        case .explicit(let weights): self.init(weights)
        case .initialised(let network, let seed): self.init(.pytorchDefault(network, seed: seed))
        case .stateDict(let stateDict): self.init(stateDict)
        }
    }

    /// These weights trained on `data`: on the seed's fast path (`train(_:series:options:)`) when `fastPath` is
    /// set and both the network and the data are of the seed's kind, on the general networks' fast path
    /// (`FastNetwork.train`) otherwise.
    func trained(
        on data: TrainingSequences, options: NetworkTrainingOptions, fastPath: TrainingOptions?,
        progress: (_ epoch: Int, _ loss: Float) -> Void = { _, _ in }, isCancelled: () -> Bool
    ) -> (ModelParameters, TrainingResult) {
        if let fastPath, var weights = elman, let series = data.series {
            let result = train(&weights, series: series, options: fastPath, progress: progress,
                               isCancelled: isCancelled)
            return (ModelParameters(weights), result)
        }
        var stateDict = stateDict
        let result = FastNetwork.train(&stateDict, data: data, options: options, progress: progress,
                                       isCancelled: isCancelled)
        return (ModelParameters(stateDict), result)
    }
}
