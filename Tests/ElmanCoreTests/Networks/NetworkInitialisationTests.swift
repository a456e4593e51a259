import ElmanCore
import Testing

/// PyTorch's default initialisation from the seeded generator: a pure function of the seed, within PyTorch's
/// bounds (uniform ±1/√H for the cells and for nn.Linear's head), and spread over them.
@Suite("General networks: default initialisation")
struct NetworkInitialisationTests {
    static let networks = [
        try! NetworkDescription(cell: .lstm, inputSize: 2, hiddenSize: 16, numLayers: 2, outputSize: 3),
        try! NetworkDescription(cell: .gru, inputSize: 1, hiddenSize: 9, outputSize: 1, bias: false),
        try! NetworkDescription(cell: .rnn(.relu), inputSize: 3, hiddenSize: 25, numLayers: 3, outputSize: 2),
    ]

    @Test("deterministic per seed, different across seeds", arguments: networks)
    func deterministic(network: NetworkDescription) {
        let a = StateDict<Float>.pytorchDefault(network, seed: 7)
        #expect(a == StateDict<Float>.pytorchDefault(network, seed: 7))
        #expect(a != StateDict<Float>.pytorchDefault(network, seed: 8))
        #expect(a.names == network.parameterShapes.map(\.name))
        #expect(a.tensors.map(\.shape) == network.parameterShapes.map(\.shape))
    }

    @Test("every entry is uniform within ±1/√H and spreads over the interval", arguments: networks)
    func bounds(network: NetworkDescription) {
        let bound = 1 / Float(network.hiddenSize).squareRoot()
        let parameters = StateDict<Float>.pytorchDefault(network, seed: 3)
        let all = parameters.tensors.flatMap(\.values)
        #expect(all.allSatisfy { abs($0) <= bound })
        #expect(all.min()! < -0.9 * bound && all.max()! > 0.9 * bound)
        // The mean of n uniforms on ±b has standard deviation b/√(3n); 5 of those is far beyond chance.
        let mean = all.reduce(0, +) / Float(all.count)
        #expect(abs(mean) < 5 * bound / (3 * Float(all.count)).squareRoot())
        for tensor in parameters.tensors where tensor.values.count > 1 {
            #expect(Set(tensor.values).count == tensor.values.count)
        }
    }
}
