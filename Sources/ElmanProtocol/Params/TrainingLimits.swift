import ElmanCore

/// The limits that depend on the network a job trains, checked once the worker knows it (a new network from the
/// params, or the model being trained further), before the job is made.
public enum TrainingLimits {
    /// The float32 values of a network's state_dict: Σ over its parameters of their shapes' products.
    public static func parameterCount(_ network: NetworkDescription) -> Int {
        network.parameterShapes.reduce(0) { $0 + $1.shape.reduce(1, *) }
    }

    /// An upper estimate of the float32 values the general path keeps for one window: for every step of the window
    /// (`min(truncation, steps)`), every sequence and every layer, the cell's gate pre-activations and its h (and c)
    /// — (G + 2)·H values.
    public static func windowValues(_ network: NetworkDescription, data: TrainingSequences, truncation: Int) -> Int {
        let window = min(truncation, data.steps)
        return window * data.sequences.count * network.numLayers * (network.cell.gateCount + 2) * network.hiddenSize
    }

    /// Refuses a job whose network has more than `max_parameters` values, or whose windows would keep more than
    /// `max_window_values` on the general path (`onFastPath` false); the seed's fast path keeps one window of
    /// (H + 1)·k values and is bounded by `max_hidden_size` and `max_series_length` already. Validation runs forward
    /// over one whole validation sequence at a time: a window of all its steps for one sequence.
    public static func check(_ network: NetworkDescription, data: TrainingSequences, validation: TrainingSequences?,
                             truncation: Int, onFastPath: Bool, limits: Limits) throws {
        let parameters = parameterCount(network)
        guard parameters <= limits.maxParameters else {
            throw RPCError.limitExceeded("max_parameters", value: parameters, max: limits.maxParameters)
        }
        guard !onFastPath else { return }
        let perSequence = validation.map {
            windowValues(network, data: $0, truncation: $0.steps) / $0.sequences.count
        } ?? 0
        let values = max(windowValues(network, data: data, truncation: truncation), perSequence)
        guard values <= limits.maxWindowValues else {
            throw RPCError.limitExceeded("max_window_values", value: values, max: limits.maxWindowValues)
        }
    }
}
