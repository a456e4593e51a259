extension ReferenceElman {
    /// The reference trainer: same contract as the fast `train`, computed with `Network<Float>` step by step.
    public static func train(
        _ weights: inout ElmanWeights, series: [Float], options: TrainingOptions = TrainingOptions(),
        progress: (_ epoch: Int, _ loss: Float) -> Void = { _, _ in },
        isCancelled: () -> Bool = { false }
    ) -> TrainingResult {
        checkTrainingPreconditions(series: series, options: options)
        var trainer = Trainer(network: Network(weights), series: series, options: options)
        let result = runEpochs(&trainer, options: options, progress: progress, isCancelled: isCancelled)
        weights = trainer.network.weights
        return result
    }

    /// Teacher-forced outputs over `inputs` from a zero context.
    public static func predict(_ weights: ElmanWeights, inputs: [Float]) -> [Float] {
        let network = Network<Float>(weights)
        var context = [Float](repeating: 0, count: weights.hiddenSize)
        return inputs.map { x in
            let (y, h) = network.step(x, context: context)
            context = h
            return y
        }
    }

    /// Runs over `prime` from a zero context, then feeds each output back as the next input `steps` times.
    public static func generate(_ weights: ElmanWeights, prime: [Float], steps: Int) -> [Float] {
        precondition(!prime.isEmpty && steps >= 0, "generation needs a prime value and steps ≥ 0")
        let network = Network<Float>(weights)
        var context = [Float](repeating: 0, count: weights.hiddenSize), y: Float = 0
        for x in prime { (y, context) = network.step(x, context: context) }
        var values: [Float] = []
        for _ in 0..<steps {
            values.append(y)
            (y, context) = network.step(y, context: context)
        }
        return values
    }

    /// Epoch by epoch over windows of `truncation` steps: back-propagate the window, descend, carry the context.
    struct Trainer: EpochRunner {
        var network: Network<Float>
        var saved: Network<Float>
        let inputs: [Float], targets: [Float]
        let options: TrainingOptions

        init(network: Network<Float>, series: [Float], options: TrainingOptions) {
            self.network = network
            saved = network
            inputs = Array(series.dropLast())
            targets = Array(series.dropFirst())
            self.options = options
        }

        mutating func checkpoint() { saved = network }
        mutating func rollback() { network = saved }
        var weightsAreFinite: Bool { network.isFinite }

        mutating func runEpoch(isCancelled: () -> Bool) -> Float? {
            var context = [Float](repeating: 0, count: network.hiddenSize), loss: Float = 0
            var poll = CancellationPoll()
            for start in stride(from: 0, to: inputs.count, by: options.truncation) {
                if poll.shouldStop(before: start, isCancelled) {
                    rollback()
                    return nil
                }
                let end = min(start + options.truncation, inputs.count)
                let pass = network.backpropagate(
                    inputs: Array(inputs[start..<end]), targets: Array(targets[start..<end]), context: context)
                for stepLoss in pass.losses { loss += stepLoss }
                network.descend(pass, learningRate: options.learningRate)
                context = pass.context
            }
            return loss
        }
    }
}
