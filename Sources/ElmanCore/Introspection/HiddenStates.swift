extension ReferenceNetwork {
    /// Every step's state of every layer for one sequence, teacher-forced from zero states: result[t][l] is layer
    /// l's state (h, and c for LSTM) after reading input row t (`inputs` is steps × D). Computed on the reference
    /// path, so for a network of the seed's kind it is the seed's context h_t = tanh(w1ᵀ [x_t; h_{t−1}]).
    public static func states<Scalar>(_ parameters: StateDict<Scalar>, inputs: [[Scalar]]) -> [[LayerState<Scalar>]] {
        forward(parameters, inputs: inputs, from: LayerState.zeros(parameters.network)).steps.map { column in
            column.map(\.state)
        }
    }
}
