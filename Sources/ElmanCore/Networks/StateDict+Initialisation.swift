extension StateDict where Scalar == Float {
    /// PyTorch's default initialisation, drawn from `SeededGenerator(seed:)`: every cell parameter (weights and
    /// biases) ~ uniform(−1/√H, 1/√H), as nn.RNN/LSTM/GRU's reset_parameters; head.weight and head.bias ~
    /// uniform(−1/√H, 1/√H), as nn.Linear's (kaiming-uniform with a = √5 gives the bound 1/√fan_in, fan_in = H).
    /// Values are drawn in `named_parameters()` order, each tensor row-major, in Double and rounded to Float.
    ///
    /// The seed's network keeps its own normal(0, 0.4)/(0, 0.3) initialisation: `StateDict(ElmanWeights.random(…))`.
    public static func pytorchDefault(_ network: NetworkDescription, seed: UInt64) -> StateDict {
        var generator = SeededGenerator(seed: seed)
        let bound = 1 / Double(network.hiddenSize).squareRoot()
        return StateDict(unchecked: network, tensors: network.parameterShapes.map { _, shape in
            Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in
                Float(generator.nextUniform(from: -bound, to: bound))
            })
        })
    }
}

extension SeededGenerator {
    /// Uniform in [low, high): low + (high − low)·u with u the top 53 bits of one draw scaled by 2⁻⁵³.
    mutating func nextUniform(from low: Double, to high: Double) -> Double {
        low + (high - low) * (Double(next() >> 11) * 0x1p-53)
    }
}
