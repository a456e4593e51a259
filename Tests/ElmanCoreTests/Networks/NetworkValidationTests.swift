import ElmanCore
import Testing

/// Bad descriptions, state_dicts and data are rejected with an `ElmanError` naming what is wrong.
@Suite("General networks: validation")
struct NetworkValidationTests {
    @Test("a size below 1 is named")
    func description() {
        #expect(throws: ElmanError.shape("num_layers must be at least 1, got 0")) {
            try NetworkDescription(cell: .lstm, inputSize: 1, hiddenSize: 2, numLayers: 0, outputSize: 1)
        }
    }

    @Test("a state_dict must have exactly the network's keys, shapes and finite values")
    func stateDict() throws {
        let network = try NetworkDescription(cell: .gru, inputSize: 2, hiddenSize: 3, outputSize: 1)
        let good = StateDict<Float>.pytorchDefault(network, seed: 1)
        let entries = Dictionary(uniqueKeysWithValues: zip(good.names, good.tensors))
        #expect(try StateDict(network, tensors: entries) == good)

        var missing = entries
        missing["rnn.bias_hh_l0"] = nil
        #expect(throws: ElmanError.shape("rnn.bias_hh_l0 is missing")) { try StateDict(network, tensors: missing) }
        var extra = entries
        extra["rnn.weight_ih_l1"] = entries["rnn.weight_ih_l0"]
        #expect(throws: ElmanError.shape("rnn.weight_ih_l1 is not a parameter of this network")) {
            try StateDict(network, tensors: extra)
        }
        var transposed = entries
        transposed["rnn.weight_ih_l0"]?.shape = [2, 9]
        #expect(throws: ElmanError.shape("rnn.weight_ih_l0 must have shape [9, 2], got [2, 9] with 18 values")) {
            try StateDict(network, tensors: transposed)
        }
        var infinite = entries
        infinite["head.weight"]?.values[2] = .infinity
        #expect(throws: ElmanError.notFinite("head.weight[2] (row-major)")) {
            try StateDict(network, tensors: infinite)
        }
    }

    @Test("sequences must share a length and a row width, be finite, and targets must name columns")
    func data() {
        let row: [Float] = [1, 2]
        #expect(throws: ElmanError.shape("sequences: at least one sequence needed")) {
            try TrainingSequences(sequences: [], targets: [0])
        }
        #expect(throws: ElmanError.seriesTooShort(1)) { try TrainingSequences(sequences: [[row]], targets: [0]) }
        #expect(throws: ElmanError.shape("sequences[1] has 3 rows, sequences[0] has 2")) {
            try TrainingSequences(sequences: [[row, row], [row, row, row]], targets: [0])
        }
        #expect(throws: ElmanError.shape("sequences[0][1] has 1 values, expected 2")) {
            try TrainingSequences(sequences: [[row, [1]]], targets: [0])
        }
        #expect(throws: ElmanError.notFinite("sequences[0][1][1]")) {
            try TrainingSequences(sequences: [[row, [1, .nan]]], targets: [0])
        }
        #expect(throws: ElmanError.shape("targets: at least one column needed")) {
            try TrainingSequences(sequences: [[row, row]], targets: [])
        }
        #expect(throws: ElmanError.shape("targets[1] = 2 is not a column (0…1)")) {
            try TrainingSequences(sequences: [[row, row]], targets: [0, 2])
        }
    }

    @Test("options: truncation, clipping and optimiser settings outside torch's ranges are invalid")
    func options() {
        #expect(NetworkTrainingOptions().isValid)
        #expect(!NetworkTrainingOptions(truncation: 0).isValid)
        #expect(!NetworkTrainingOptions(clipGradNorm: 0).isValid)
        #expect(!NetworkTrainingOptions(optimizer: .sgd(.init(lr: 0.1, nesterov: true))).isValid)
        #expect(!NetworkTrainingOptions(optimizer: .adam(.init(beta2: 1))).isValid)
        #expect(!NetworkTrainingOptions(optimizer: .adamW(.init(lr: -1))).isValid)
    }
}
