extension ReferenceNetwork {
    /// Trains `parameters` in place on `data`, as the PyTorch loop does it: per epoch, states start at zero; the
    /// T − 1 steps are cut into windows of `options.truncation` steps (the last may be shorter); per window:
    /// `backpropagate` the whole batch, clip the gradients if `options.clipGradNorm` is set, one optimiser step,
    /// and carry the states into the next window as constants. The epoch's loss is the Float sum of its window
    /// losses. Cancellation, progress and divergence follow `runEpochs` (a non-finite epoch is undone and ends
    /// the job `.diverged`, keeping the last finite weights).
    ///
    /// Preconditions: `options.isValid`; `data`'s input and output sizes are the network's.
    public static func train(
        _ parameters: inout StateDict<Float>, data: TrainingSequences,
        options: NetworkTrainingOptions = NetworkTrainingOptions(),
        progress: (_ epoch: Int, _ loss: Float) -> Void = { _, _ in },
        isCancelled: () -> Bool = { false }
    ) -> TrainingResult {
        var trainer = Trainer(parameters: parameters, data: data, validation: nil, options: options)
        let result = runEpochs(&trainer, options: options.epochLoop, progress: progress, isCancelled: isCancelled)
        parameters = trainer.parameters
        return result
    }

    /// Trains as `train(_:data:options:progress:isCancelled:)` does and measures the loss on `validation.data`
    /// after every epoch (see `Validation`), stopping early and restoring the best epoch's weights as
    /// `validation.earlyStopping` says (see `EarlyStopping`). `progress` gets the report epoch's validation loss too.
    ///
    /// Preconditions: as above; `validation.data` has `data`'s columns and targets; `earlyStopping` is valid.
    public static func train(
        _ parameters: inout StateDict<Float>, data: TrainingSequences, validation: Validation,
        options: NetworkTrainingOptions = NetworkTrainingOptions(),
        progress: (_ epoch: Int, _ loss: Float, _ validationLoss: Float) -> Void = { _, _, _ in },
        isCancelled: () -> Bool = { false }
    ) -> (training: TrainingResult, validation: ValidationResult) {
        validation.checkHeldOut(from: data)
        var trainer = Trainer(parameters: parameters, data: data, validation: validation.data, options: options)
        let result = runEpochs(&trainer, options: options.epochLoop, earlyStopping: validation.earlyStopping,
                               progress: progress, isCancelled: isCancelled)
        parameters = trainer.parameters
        return result
    }

    /// The loss of `parameters` over `data` (see `Validation`): every step of every sequence, teacher-forced from
    /// zero states, as one window of `loss`.
    public static func loss(_ parameters: StateDict<Float>, over data: TrainingSequences, loss: Loss) -> Float {
        let outputs = predict(parameters, inputs: data.inputs)
        let errors = zip(outputs, data.targetValues).map { sequence, targets in
            zip(sequence, targets).map { output, target in zip(output, target).map { $0 - $1 } }
        }
        return loss.value(errors: errors)
    }

    /// Teacher-forced outputs from zero states: `inputs` is B × steps × D, the result B × steps × O.
    public static func predict(_ parameters: StateDict<Float>, inputs: [[[Float]]]) -> [[[Float]]] {
        inputs.map { run(parameters, inputs: $0, from: LayerState.zeros(parameters.network)).outputs }
    }

    /// For each sequence of `prime` (B × P × D, P ≥ 1), runs over its rows from zero states, then feeds each output
    /// back as the next input `steps` times; returns the B × steps × O outputs fed back (the first is the output
    /// after the prime's last row).
    ///
    /// Precondition: the network's output size equals its input size; steps ≥ 0.
    public static func generate(_ parameters: StateDict<Float>, prime: [[[Float]]], steps: Int) -> [[[Float]]] {
        let network = parameters.network
        precondition(network.outputSize == network.inputSize, "generation feeds outputs back: needs O = D")
        precondition(prime.allSatisfy { !$0.isEmpty } && steps >= 0, "generation needs a prime row and steps ≥ 0")
        return prime.map { rows in
            var (outputs, state) = run(parameters, inputs: rows, from: LayerState.zeros(network))
            var y = outputs[outputs.count - 1], generated: [[Float]] = []
            for _ in 0..<steps {
                generated.append(y)
                (outputs, state) = run(parameters, inputs: [y], from: state)
                y = outputs[0]
            }
            return generated
        }
    }

    /// One job's training state for `runEpochs`: the parameters, those at the last checkpoint and at the best
    /// epoch, the optimiser, and the validation data if any.
    struct Trainer: ValidatingEpochRunner {
        var parameters: StateDict<Float>
        var saved: StateDict<Float>
        var best: StateDict<Float>
        var optimizer: OptimizerState<Float>
        let inputs: [[[Float]]], targets: [[[Float]]]
        let validation: TrainingSequences?
        let options: NetworkTrainingOptions

        init(parameters: StateDict<Float>, data: TrainingSequences, validation: TrainingSequences?,
             options: NetworkTrainingOptions) {
            options.checkTraining(parameters.network, on: data)
            self.parameters = parameters
            saved = parameters
            best = parameters
            optimizer = OptimizerState(options.optimizer, for: parameters)
            inputs = data.inputs
            targets = data.targetValues
            self.validation = validation
            self.options = options
        }

        mutating func checkpoint() { saved = parameters }
        mutating func rollback() { parameters = saved }
        var weightsAreFinite: Bool { parameters.isFinite }
        mutating func rememberBest() { best = parameters }
        mutating func restoreBest() { parameters = best }

        func validationLoss() -> Float {
            guard let validation else { preconditionFailure("validationLoss() of a trainer without validation data") }
            return ReferenceNetwork.loss(parameters, over: validation, loss: options.loss)
        }

        mutating func runEpoch(isCancelled: () -> Bool) -> Float? {
            var states = inputs.map { _ in LayerState<Float>.zeros(parameters.network) }, loss: Float = 0
            let steps = inputs[0].count
            var poll = CancellationPoll()
            for start in stride(from: 0, to: steps, by: options.truncation) {
                if poll.shouldStop(before: start, isCancelled) {
                    rollback()
                    return nil
                }
                let window = start..<min(start + options.truncation, steps)
                var pass = ReferenceNetwork.backpropagate(
                    parameters, inputs: inputs.map { Array($0[window]) }, targets: targets.map { Array($0[window]) },
                    states: states, loss: options.loss)
                loss += pass.loss
                if let maxNorm = options.clipGradNorm { pass.gradients.clipNorm(to: maxNorm) }
                optimizer.step(&parameters, gradients: pass.gradients)
                states = pass.states
            }
            return loss
        }
    }
}
