import ElmanCore
import Testing

/// `FastNetwork.train(_:data:options:recording:…)`: the same training, to the bit, with per-epoch records that
/// agree with the reference path's gradients and with the spectral radii of the weights it reports.
@Suite struct RecordedTrainingTests {
    static let cases = [FastNetworkTests.cases[1], FastNetworkTests.cases[3], FastNetworkTests.cases[4]]

    @Test(arguments: cases)
    func recordingChangesNothing(_ config: FastNetworkTests.Case) {
        let start = StateDict<Float>.pytorchDefault(config.network, seed: 5)
        var plain = start, recorded = start
        let expected = FastNetwork.train(&plain, data: config.data, options: config.options)
        let (result, records) = FastNetwork.train(
            &recorded, data: config.data, options: config.options, recording: [.gradNorm, .spectralRadius],
            progress: { _, _, _, _ in })
        #expect(result.losses == expected.losses && recorded == plain)
        #expect(records.gradNorms?.count == result.losses.count)
        #expect(records.spectralRadii?.count == result.losses.count)
        #expect(records.spectralRadii?.last == recorded.recurrentSpectralRadii)
    }

    /// With one window per epoch, epoch e's gradient is the reference path's at the weights after epoch e − 1, and
    /// its spectral radii are those of the weights after epoch e, as progress reports them.
    @Test(arguments: [FastNetworkTests.cases[2], FastNetworkTests.cases[3]])
    func recordsMatchTheReferencePath(_ config: FastNetworkTests.Case) {
        var options = config.options
        options.truncation = 1000
        let data = config.data
        var parameters = StateDict<Float>.pytorchDefault(config.network, seed: 6)
        var weights = [parameters], reported: [TrainingRecords] = []
        let (result, records) = FastNetwork.train(
            &parameters, data: data, options: options, recording: [.gradNorm, .spectralRadius],
            progress: { _, _, records, current in
                weights.append(current())
                reported.append(records)
            })
        #expect(result.losses.count == options.epochs && reported.count == options.epochs)
        for epoch in 0..<options.epochs {
            var pass = ReferenceNetwork.backpropagate(
                weights[epoch], inputs: data.inputs, targets: data.targetValues,
                states: data.inputs.map { _ in LayerState.zeros(config.network) }, loss: options.loss)
            let norm = Double(pass.gradients.clipNorm(to: 1e30))
            let recorded = records.gradNorms![epoch]
            #expect(abs(recorded - norm) <= 1e-4 * norm, "epoch \(epoch): \(recorded) vs \(norm)")
            #expect(records.spectralRadii![epoch] == weights[epoch + 1].recurrentSpectralRadii)
            #expect(reported[epoch].gradNorms?.count == epoch + 1)
        }
    }

    /// A diverged epoch is undone with its records.
    @Test func aDivergedEpochLeavesNoRecord() throws {
        let network = try NetworkDescription(cell: .rnn(.relu), inputSize: 1, hiddenSize: 4, outputSize: 1)
        var parameters = StateDict<Float>.pytorchDefault(network, seed: 1)
        let data = try TrainingSequences(series: (0..<30).map { Float($0) * 100 })
        let options = NetworkTrainingOptions(epochs: 50, truncation: 29, optimizer: .sgd(.init(lr: 10)))
        let (result, records) = FastNetwork.train(&parameters, data: data, options: options,
                                                  recording: [.gradNorm, .spectralRadius],
                                                  progress: { _, _, _, _ in })
        guard case .diverged(let epoch) = result.outcome else {
            Issue.record("expected divergence, got \(result.outcome)")
            return
        }
        #expect(records.gradNorms?.count == epoch && records.spectralRadii?.count == epoch)
    }
}
