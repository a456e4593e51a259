import ElmanCore

/// The limits that depend on the network a job trains, checked once the worker knows it (a new network from the
/// params, or the model being trained further), before the job is made.
public enum TrainingLimits {
    /// The float32 values of a network's state_dict: Σ over its parameters of their shapes' products.
    public static func parameterCount(_ network: NetworkDescription) -> Int {
        network.parameterShapes.reduce(0) { $0 + $1.shape.reduce(1, *) }
    }

    /// The float32 values the general networks' fast path keeps for one window (`NetworkWorkspace`'s tape, before
    /// padding H to whole blocks): for every step of the window (`min(truncation, steps)`), every sequence and every
    /// layer, the activated gates and their deltas (G·H each, twice the deltas for GRU), h, c and the cell's
    /// intermediate (3·H) — (G·(1 + d) + 3)·H values, d = 2 for GRU, else 1.
    public static func windowValues(_ network: NetworkDescription, data: TrainingSequences, truncation: Int) -> Int {
        let window = min(truncation, data.steps), deltas = network.cell == .gru ? 2 : 1
        let perStep = (network.cell.gateCount * (1 + deltas) + 3) * network.hiddenSize
        return window * data.batch.count * network.numLayers * perStep
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
            windowValues(network, data: $0, truncation: $0.steps) / $0.batch.count
        } ?? 0
        let values = max(windowValues(network, data: data, truncation: truncation), perSequence)
        guard values <= limits.maxWindowValues else {
            throw RPCError.limitExceeded("max_window_values", value: values, max: limits.maxWindowValues)
        }
    }
}
