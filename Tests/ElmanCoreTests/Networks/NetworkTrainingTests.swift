import ElmanCore
import Testing

/// The general trainer's loop rules (divergence, cancellation, progress), generation, and gradient clipping.
@Suite("General networks: training loop, generation, clipping")
struct NetworkTrainingTests {
    static let network = try! NetworkDescription(cell: .gru, inputSize: 2, hiddenSize: 4, numLayers: 2, outputSize: 2)
    static let data = try! TrainingSequences(
        sequences: (0..<2).map { b in Series.sine(points: 12).enumerated().map { t, x in [x, Float(t + b) / 10] } },
        targets: [0, 1])

    @Test("a non-finite epoch ends the job diverged with the last finite epoch's weights and losses")
    func divergence() throws {
        let start = StateDict<Float>.pytorchDefault(Self.network, seed: 1)
        let exploding = NetworkTrainingOptions(epochs: 50, truncation: 3, optimizer: .sgd(.init(lr: 3)))
        var parameters = start
        let result = ReferenceNetwork.train(&parameters, data: Self.data, options: exploding)
        guard case .diverged(let epoch) = result.outcome else {
            Issue.record("expected divergence, got \(result.outcome)")
            return
        }
        // At this rate the GRU's sigmoids saturate slowly: a few finite epochs come first (epoch 3 here).
        #expect(epoch > 0 && result.losses.count == epoch && parameters.isFinite && parameters != start)
        var replay = start
        var options = exploding
        options.epochs = epoch
        let finite = ReferenceNetwork.train(&replay, data: Self.data, options: options)
        #expect(finite.outcome == .completed && finite.losses == result.losses && replay == parameters)
    }

    @Test("cancellation before an epoch stops with the epochs done; progress fires every reportEvery epochs")
    func cancellationAndProgress() {
        var parameters = StateDict<Float>.pytorchDefault(Self.network, seed: 2)
        var reported: [Int] = [], asked = 0
        let options = NetworkTrainingOptions(epochs: 10, truncation: 4, optimizer: .adam(.init()), reportEvery: 2)
        let result = ReferenceNetwork.train(
            &parameters, data: Self.data, options: options, progress: { epoch, _ in reported.append(epoch) },
            isCancelled: {
                asked += 1
                return asked > 5
            })
        #expect(result.outcome == .cancelled && result.losses.count == 5)
        #expect(reported == [0, 2, 4])
        #expect(result.losses.last! < result.losses.first!)
    }

    @Test("generate feeds each output back: it equals predicting over the prime followed by the outputs fed back")
    func generation() {
        let parameters = StateDict<Float>.pytorchDefault(Self.network, seed: 4)
        let prime = [Array(Self.data.inputs[0][0..<5]), Array(Self.data.inputs[1][0..<3])]
        let generated = ReferenceNetwork.generate(parameters, prime: prime, steps: 6)
        for b in prime.indices {
            let predicted = ReferenceNetwork.predict(parameters, inputs: [prime[b] + generated[b].dropLast()])[0]
            #expect(Array(predicted.suffix(6)) == generated[b])
        }
    }

    @Test("clipNorm scales by maxNorm / (‖g‖ + 1e-6) only when that is below 1")
    func clipping() throws {
        let network = try NetworkDescription(cell: .rnn(.tanh), inputSize: 1, hiddenSize: 1, outputSize: 1, bias: false)
        let gradients = try StateDict<Double>(network, tensors: [
            "rnn.weight_ih_l0": .init(shape: [1, 1], values: [3]),
            "rnn.weight_hh_l0": .init(shape: [1, 1], values: [0]),
            "head.weight": .init(shape: [1, 1], values: [-4]),
        ])
        var clipped = gradients, untouched = gradients
        #expect(clipped.clipNorm(to: 1) == 5)
        let scale = 1 / (5 + 1e-6)
        #expect(clipped.tensors.map(\.values) == [[3 * scale], [0], [-4 * scale]])
        untouched.clipNorm(to: 10)
        #expect(untouched == gradients)
    }
}
