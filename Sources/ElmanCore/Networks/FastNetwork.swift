/// The fast path for general networks: the training `ReferenceNetwork.train` defines, on a preallocated
/// `NetworkWorkspace` (padded SIMD blocks, no allocation per step). Results agree with the reference path to
/// rounding (sums over blocks of lanes add in another order; tanh and σ are the vectorised ones; big products go
/// through OpenBLAS past the crossovers of `MatrixRouting`); the tests compare them across cells, layers, batches,
/// windows, losses, optimisers and clipping, with the own kernels and with every product through OpenBLAS.
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
        train(&parameters, data: data, options: options, routing: nil, progress: progress, isCancelled: isCancelled)
    }

    /// `train(_:data:options:progress:isCancelled:)` with the matrix products routed as `routing` says (nil: the
    /// measured crossovers), so that tests can run either side of them at any size.
    static func train(
        _ parameters: inout StateDict<Float>, data: TrainingSequences, options: NetworkTrainingOptions,
        routing: MatrixRouting?, progress: (_ epoch: Int, _ loss: Float) -> Void = { _, _ in },
        isCancelled: () -> Bool = { false }
    ) -> TrainingResult {
        var workspace = NetworkWorkspace(parameters: parameters, data: data, options: options, routing: routing)
        let result = runEpochs(&workspace, options: options.epochLoop, progress: progress, isCancelled: isCancelled)
        parameters = workspace.stateDict
        return result
    }
}

extension FastNetwork {
    /// Trains as `train(_:data:options:progress:isCancelled:)` does, measuring the loss on `validation.data` after
    /// every epoch and stopping early and restoring the best epoch's weights as `ReferenceNetwork.train(_:data:
    /// validation:…)` defines it (same loop, `runEpochs` with validation).
    ///
    /// Preconditions: as above; `validation.data` has `data`'s columns and targets; `earlyStopping` is valid.
    public static func train(
        _ parameters: inout StateDict<Float>, data: TrainingSequences, validation: Validation,
        options: NetworkTrainingOptions = NetworkTrainingOptions(),
        progress: (_ epoch: Int, _ loss: Float, _ validationLoss: Float) -> Void = { _, _, _ in },
        isCancelled: () -> Bool = { false }
    ) -> (training: TrainingResult, validation: ValidationResult) {
        validation.checkHeldOut(from: data)
        var runner = ValidatingWorkspace(parameters: parameters, data: data, validation: validation.data,
                                         options: options)
        let result = runEpochs(&runner, options: options.epochLoop, earlyStopping: validation.earlyStopping,
                               progress: progress, isCancelled: isCancelled)
        parameters = runner.training.stateDict
        return result
    }
}

/// A training `NetworkWorkspace` with a second one over the validation data (one-step windows, forward only) and
/// a store for the best epoch's parameters.
struct ValidatingWorkspace: ~Copyable, ValidatingEpochRunner {
    var training: NetworkWorkspace
    var held: NetworkWorkspace
    private let best: UnsafeMutablePointer<Float>

    init(parameters: StateDict<Float>, data: TrainingSequences, validation: TrainingSequences,
         options: NetworkTrainingOptions) {
        training = NetworkWorkspace(parameters: parameters, data: data, options: options)
        var forwardOnly = options
        (forwardOnly.truncation, forwardOnly.optimizer, forwardOnly.clipGradNorm) = (1, .sgd(.init(lr: 0)), nil)
        held = NetworkWorkspace(parameters: parameters, data: validation, options: forwardOnly)
        best = .allocate(capacity: training.layout.count)
        training.copyParameters(to: best)
    }

    deinit { best.deallocate() }

    func checkpoint() { training.checkpoint() }
    mutating func runEpoch(isCancelled: () -> Bool) -> Float? { training.runEpoch(isCancelled: isCancelled) }
    var weightsAreFinite: Bool { training.weightsAreFinite }
    func rollback() { training.rollback() }

    func validationLoss() -> Float {
        held.loadParameters(of: training)
        return held.forwardLoss()
    }

    func rememberBest() { training.copyParameters(to: best) }
    func restoreBest() { training.loadParameters(from: best) }
}
