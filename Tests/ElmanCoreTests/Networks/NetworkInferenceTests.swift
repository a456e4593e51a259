@testable import ElmanCore
import Foundation
import Testing

/// `NetworkInference` (the worker's predict and generate for general networks) against `ReferenceNetwork`'s
/// predict and generate: the same outputs to rounding, for every cell, stacked layers, without bias, several
/// sequences, and at a hidden size whose products go through OpenBLAS.
@Suite("General networks: fast inference vs reference path")
struct NetworkInferenceTests {
    static let networks: [NetworkDescription] = [
        try! NetworkDescription(cell: .rnn(.tanh), inputSize: 2, hiddenSize: 13, outputSize: 2),
        try! NetworkDescription(cell: .rnn(.relu), inputSize: 2, hiddenSize: 9, numLayers: 2, outputSize: 2,
                                bias: false),
        try! NetworkDescription(cell: .lstm, inputSize: 2, hiddenSize: 11, numLayers: 2, outputSize: 2),
        try! NetworkDescription(cell: .gru, inputSize: 2, hiddenSize: 17, outputSize: 2),
        try! NetworkDescription(cell: .gru, inputSize: 2, hiddenSize: 6, numLayers: 3, outputSize: 2, bias: false),
        // Past MatrixRouting's crossover: the forward products by sgemv.
        try! NetworkDescription(cell: .lstm, inputSize: 2, hiddenSize: 512, outputSize: 2),
    ]

    /// B sequences of T rows × 2 columns, flat and nested.
    static func inputs(sequences: Int, rows: Int) -> SequenceBatch {
        let nested = (0..<sequences).map { (b: Int) -> [[Float]] in
            (0..<rows).map { (t: Int) -> [Float] in
                let phase = Double(t), shift = Double(b)
                return [Float(sin(0.3 * phase + shift)), Float(cos(0.2 * phase - shift))]
            }
        }
        return SequenceBatch(nested: nested, width: 2)
    }

    @Test("predict gives ReferenceNetwork.predict's outputs", arguments: networks)
    func predict(network: NetworkDescription) {
        let parameters = StateDict<Float>.pytorchDefault(network, seed: 11)
        let inputs = Self.inputs(sequences: 3, rows: 25)
        let fast = NetworkInference(parameters).predict(inputs)
        let reference = ReferenceNetwork.predict(parameters, inputs: inputs.nested)
        #expect(fast.count == 3 && fast.length == 25 && fast.width == 2)
        let gap = maxAbsDifference(fast.values, Array(reference.joined().joined()))
        print("fast vs reference predict, \(network.cell) H\(network.hiddenSize) L\(network.numLayers): \(gap)")
        #expect(gap < 1e-5)
    }

    @Test("generate gives ReferenceNetwork.generate's outputs, each fed back", arguments: networks)
    func generate(network: NetworkDescription) {
        let parameters = StateDict<Float>.pytorchDefault(network, seed: 12)
        let prime = Self.inputs(sequences: 2, rows: 7)
        let fast = NetworkInference(parameters).generate(prime: prime, steps: 30)
        let reference = ReferenceNetwork.generate(parameters, prime: prime.nested, steps: 30)
        #expect(fast.count == 2 && fast.length == 30 && fast.width == 2)
        let gap = maxAbsDifference(fast.values, Array(reference.joined().joined()))
        print("fast vs reference generate, \(network.cell) H\(network.hiddenSize) L\(network.numLayers): \(gap)")
        #expect(gap < 1e-4)
        #expect(NetworkInference(parameters).generate(prime: prime, steps: 0).values.isEmpty)
    }

    @Test("one inference object runs any number of calls, each from zero states")
    func statesStartAtZeroEachCall() {
        let parameters = StateDict<Float>.pytorchDefault(Self.networks[2], seed: 13)
        let inference = NetworkInference(parameters), inputs = Self.inputs(sequences: 2, rows: 10)
        let first = inference.predict(inputs)
        _ = inference.generate(prime: inputs, steps: 5)
        #expect(inference.predict(inputs) == first)
        #expect(NetworkInference(parameters).predict(SequenceBatch(count: 1, length: 0, width: 2, values: []))
            .values.isEmpty)
    }
}
