@testable import ElmanCore
import Testing

/// `NetworkLayout.store` writes every Float of its buffer, so workspaces may start from recycled memory unzeroed.
@Suite("The fast path's parameter layout")
struct NetworkLayoutTests {
    @Test("store over any old contents gives the same buffer: padding lanes zero, the state_dict read back whole",
          arguments: [(NetworkDescription.Cell.rnn(.tanh), 5, 1, true), (.lstm, 8, 3, false), (.gru, 13, 2, true),
                      (.gru, 16, 8, true)])
    func storeWritesEveryFloat(cell: NetworkDescription.Cell, hidden: Int, outputs: Int, bias: Bool) throws {
        let network = try NetworkDescription(cell: cell, inputSize: 3, hiddenSize: hidden, numLayers: 2,
                                             outputSize: outputs, bias: bias)
        let layout = NetworkLayout(network), parameters = StateDict<Float>.pytorchDefault(network, seed: 7)
        var overNaN = [Float](repeating: .nan, count: layout.count)
        var overZero = [Float](repeating: 0, count: layout.count)
        overNaN.withUnsafeMutableBufferPointer { layout.store(parameters, into: $0.baseAddress!) }
        overZero.withUnsafeMutableBufferPointer { layout.store(parameters, into: $0.baseAddress!) }
        #expect(zip(overNaN, overZero).filter { $0.bitPattern != $1.bitPattern }.isEmpty)
        #expect(overNaN.filter { $0 == 0 }.count >= layout.count - parameters.tensors.reduce(0) { $0 + $1.values.count })
        #expect(overNaN.withUnsafeBufferPointer { layout.stateDict($0.baseAddress!) } == parameters)
    }
}
