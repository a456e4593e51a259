import ElmanCore

/// A model's weights: the state_dict of its network and, for a network of the seed's kind
/// (`NetworkDescription.isElman`), the same weights as `ElmanWeights` for the seed's fast path.
///
/// Invariant: `elman` is set exactly when the network is of the seed's kind, and then
/// `StateDict(elman!) == stateDict`.
struct ModelParameters: Sendable {
    let stateDict: StateDict<Float>
    let elman: ElmanWeights?

    init(_ weights: ElmanWeights) {
        elman = weights
        stateDict = StateDict(weights)
    }

    init(_ stateDict: StateDict<Float>) {
        self.stateDict = stateDict
        elman = stateDict.network.isElman ? try? ElmanWeights(stateDict) : nil
    }

    var network: NetworkDescription { stateDict.network }

    /// Multiply-adds of one step of one sequence through the cells: Σ over layers of G·H·(layer input + H) —
    /// (H + 1)·H for the seed's network. `max_inference_work` bounds steps × sequences × this.
    var workPerStep: Int {
        let network = network, rows = network.cell.gateCount * network.hiddenSize
        return (0..<network.numLayers).reduce(0) { sum, layer in
            sum + rows * ((layer == 0 ? network.inputSize : network.hiddenSize) + network.hiddenSize)
        }
    }
}

extension ModelParameters {
    /// Teacher-forced outputs from zero states, B × steps × O, for inputs B × steps × D with D the network's
    /// input size; the seed's fast path (`predict(_:inputs:)`) for a network of the seed's kind, which reads one
    /// sequence's column where it lies, the general networks' (`NetworkInference`) for the others.
    func predict(_ inputs: SequenceBatch) -> SequenceBatch {
        guard let elman else { return NetworkInference(stateDict).predict(inputs) }
        let outputs = inputs.count == 1 ? ElmanCore.predict(elman, inputs: inputs.values)
            : (0..<inputs.count).flatMap { ElmanCore.predict(elman, inputs: Array(inputs.sequence($0))) }
        return SequenceBatch(count: inputs.count, length: inputs.length, width: 1, values: outputs)
    }

    /// The network run a row at a time from zero states, on the seed's fast path for a network of the seed's kind.
    var runner: StepRunner { elman.map { StepRunner($0) } ?? StepRunner(stateDict) }

    /// The `steps` outputs (steps × O) that follow `prime` (one sequence of P ≥ 1 rows of D values) when each is fed
    /// back as the next input; the seed's fast path (`generate(_:prime:steps:)`) for a network of the seed's kind,
    /// the general networks' (`NetworkInference`) for the others. Needs O = D.
    func generate(prime: SequenceBatch, steps: Int) -> SequenceBatch {
        guard let elman else { return NetworkInference(stateDict).generate(prime: prime, steps: steps) }
        let values = ElmanCore.generate(elman, prime: prime.values, steps: steps)
        return SequenceBatch(count: 1, length: steps, width: network.outputSize, values: values)
    }
}
