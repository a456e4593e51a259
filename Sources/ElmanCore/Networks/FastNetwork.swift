/// The fast path for general networks: the training `ReferenceNetwork.train` defines, on a preallocated
/// `NetworkWorkspace` (padded SIMD blocks, no allocation per step). Results agree with the reference path to
/// rounding (sums over blocks of lanes add in another order; tanh and σ are the vectorised ones); the tests compare
/// them across cells, layers, batches, windows, losses, optimisers and clipping.
public enum FastNetwork {
    /// Trains `parameters` in place on `data`, as `ReferenceNetwork.train` (same epochs, windows, optimiser steps,
    /// clipping, cancellation, progress and divergence rules). Safe to call from many threads at once on different
    /// parameters.
    ///
    /// Preconditions: `options.isValid`; `data`'s input and output sizes are the network's.
    public static func train(
        _ parameters: inout StateDict<Float>, data: TrainingSequences,
        options: NetworkTrainingOptions = NetworkTrainingOptions(),
        progress: (_ epoch: Int, _ loss: Float) -> Void = { _, _ in },
        isCancelled: () -> Bool = { false }
    ) -> TrainingResult {
        precondition(options.isValid, "invalid training options \(options)")
        precondition(data.inputSize == parameters.network.inputSize && data.outputSize == parameters.network.outputSize,
                     "the data's \(data.inputSize) columns and \(data.outputSize) targets do not fit the network")
        var workspace = NetworkWorkspace(parameters: parameters, data: data, options: options)
        let result = runEpochs(&workspace, options: options.epochLoop, progress: progress, isCancelled: isCancelled)
        parameters = workspace.stateDict
        return result
    }
}
