import ElmanCore
import Foundation
import Testing

/// The general reference path's back-propagation (in Double) against central finite differences of the window's
/// loss, for every state_dict entry: each cell, with and without bias, 2 layers, a batch of 2, a window of 4 steps
/// entering with non-zero states (held constant, as truncation prescribes), both losses.
@Suite("General networks: gradients vs finite differences")
struct NetworkGradientCheckTests {
    static let cells: [NetworkDescription.Cell] = [.rnn(.tanh), .rnn(.relu), .lstm, .gru]

    static var cases: [(NetworkDescription.Cell, Bool, Loss)] {
        cells.flatMap { cell in [true, false].flatMap { bias in Loss.allCases.map { (cell, bias, $0) } } }
    }

    @Test("∂loss/∂(every entry) matches central differences", arguments: cases)
    func gradients(cell: NetworkDescription.Cell, bias: Bool, loss: Loss) throws {
        let network = try NetworkDescription(
            cell: cell, inputSize: 2, hiddenSize: 3, numLayers: 2, outputSize: 2, bias: bias)
        let parameters = StateDict<Float>.pytorchDefault(network, seed: 5).converted(to: Double.self)
        func rows(_ b: Int, _ steps: Range<Int>, phase: Double) -> [[Double]] {
            steps.map { t in (0..<2).map { d in sin(0.7 * Double(t) + Double(b) + 1.3 * Double(d) + phase) } }
        }
        // Three steps from zero states give the window non-zero incoming states (h and, for LSTM, c).
        let states = (0..<2).map { b in
            ReferenceNetwork.run(parameters, inputs: rows(b, 0..<3, phase: 0), from: LayerState.zeros(network)).states
        }
        let inputs = (0..<2).map { rows($0, 3..<7, phase: 0) }, targets = (0..<2).map { rows($0, 3..<7, phase: 0.5) }
        let pass = ReferenceNetwork.backpropagate(
            parameters, inputs: inputs, targets: targets, states: states, loss: loss)

        func windowLoss(_ p: StateDict<Double>) -> Double {
            ReferenceNetwork.backpropagate(p, inputs: inputs, targets: targets, states: states, loss: loss).loss
        }
        let h = 1e-6
        var worst = 0.0, largest = 0.0
        for (index, name) in parameters.names.enumerated() {
            let analytic = pass.gradients.tensors[index].values
            for j in analytic.indices {
                var plus = parameters, minus = parameters
                plus.perturb(index, j, by: h)
                minus.perturb(index, j, by: -h)
                let estimate = (windowLoss(plus) - windowLoss(minus)) / (2 * h)
                let error = abs(analytic[j] - estimate) / max(1, abs(analytic[j]))
                worst = max(worst, error)
                largest = max(largest, abs(analytic[j]))
                #expect(error < 1e-7, "\(name)[\(j)]: \(analytic[j]) vs \(estimate)")
            }
        }
        print("gradient check \(cell) bias \(bias) \(loss.rawValue): max |a − n|/max(1, |a|) = \(worst)")
        #expect(largest > 1e-3, "the gradient is not trivially zero")
    }
}

extension StateDict {
    /// Adds `delta` to value `j` of tensor `index` (for finite differences), through the public checked init.
    fileprivate mutating func perturb(_ index: Int, _ j: Int, by delta: Scalar) {
        var entries = Dictionary(uniqueKeysWithValues: zip(names, tensors))
        entries[names[index]]?.values[j] += delta
        self = try! StateDict(network, tensors: entries)
    }
}
