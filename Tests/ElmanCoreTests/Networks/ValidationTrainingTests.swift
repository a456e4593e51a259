import ElmanCore
import Testing

/// Training with held-out data: validation losses, early stopping and restoring the best epoch, the fraction split.
@Suite("General networks: validation and early stopping")
struct ValidationTrainingTests {
    static let network = try! NetworkDescription(cell: .lstm, inputSize: 1, hiddenSize: 5, outputSize: 1)
    static let data = try! TrainingSequences(series: Series.sine(points: 30))
    /// A held-out series the network trained on the sine gets worse at as it learns: the sine upside down.
    static let opposite = try! TrainingSequences(series: Series.sine(points: 30).map { -$0 })
    static let options = NetworkTrainingOptions(epochs: 40, truncation: 5, optimizer: .adam(.init(lr: 0.02)))

    @Test("validation measures without changing training: its losses are each epoch's weights' loss on the data")
    func validationLossesAreTheWeightsLoss() {
        let start = StateDict<Float>.pytorchDefault(Self.network, seed: 3)
        var plain = start, validated = start
        let result = ReferenceNetwork.train(&plain, data: Self.data, options: Self.options)
        let (training, validation) = ReferenceNetwork.train(
            &validated, data: Self.data, validation: Validation(data: Self.opposite), options: Self.options)
        #expect(training.losses == result.losses && validated == plain && training.outcome == .completed)
        #expect(validation.losses.count == Self.options.epochs && validation.stoppedEpoch == nil)
        #expect(validation.losses.last == ReferenceNetwork.loss(plain, over: Self.opposite, loss: .halfSumOfSquares))
        var shorter = start, options = Self.options
        options.epochs = 7
        _ = ReferenceNetwork.train(&shorter, data: Self.data, options: options)
        #expect(validation.losses[6] == ReferenceNetwork.loss(shorter, over: Self.opposite, loss: .halfSumOfSquares))
        let best = validation.losses.indices.min { validation.losses[$0] < validation.losses[$1] }
        #expect(validation.bestEpoch == best)
    }

    @Test("mse's validation loss is the mean over every validation step")
    func meanSquaredValidation() {
        let parameters = StateDict<Float>.pytorchDefault(Self.network, seed: 5)
        let outputs = ReferenceNetwork.predict(parameters, inputs: Self.opposite.inputs)[0]
        let errors = zip(outputs, Self.opposite.targetValues[0]).map { $0[0] - $1[0] }
        let mean = errors.reduce(Float(0)) { $0 + $1 * $1 } / Float(errors.count)
        #expect(abs(ReferenceNetwork.loss(parameters, over: Self.opposite, loss: .meanSquared) - mean) <= 1e-6 * mean)
    }

    @Test("early stopping ends patience epochs after the best one and restores that epoch's weights",
          arguments: [true, false])
    func earlyStopping(restoreBest: Bool) throws {
        var parameters = StateDict<Float>.pytorchDefault(Self.network, seed: 3)
        let stopping = EarlyStopping(patience: 4, restoreBest: restoreBest)
        let (training, validation) = ReferenceNetwork.train(
            &parameters, data: Self.data, validation: Validation(data: Self.opposite, earlyStopping: stopping),
            options: Self.options)
        let best = try #require(validation.bestEpoch), stopped = try #require(validation.stoppedEpoch)
        #expect(stopped == best + 4 && stopped < Self.options.epochs - 1)
        #expect(training.outcome == .completed && training.losses.count == stopped + 1)
        #expect(validation.losses.count == stopped + 1)
        #expect(validation.losses[...best].allSatisfy { $0 >= validation.losses[best] })
        #expect(validation.losses[(best + 1)...].allSatisfy { $0 >= validation.losses[best] })
        let held = ReferenceNetwork.loss(parameters, over: Self.opposite, loss: .halfSumOfSquares)
        #expect(held == validation.losses[restoreBest ? best : stopped])
    }

    @Test("restore_best also restores the best epoch's weights when the run is cancelled")
    func cancelledRunsRestoreTheBest() throws {
        let start = StateDict<Float>.pytorchDefault(Self.network, seed: 3)
        var stopped = start
        let early = ReferenceNetwork.train(
            &stopped, data: Self.data,
            validation: Validation(data: Self.opposite, earlyStopping: EarlyStopping(patience: 4)),
            options: Self.options).validation
        // The same run, cancelled where early stopping would have ended it, with a patience it never runs out of.
        var parameters = start, asked = 0
        let (training, validation) = ReferenceNetwork.train(
            &parameters, data: Self.data,
            validation: Validation(data: Self.opposite, earlyStopping: EarlyStopping(patience: 100)),
            options: Self.options, isCancelled: {
                asked += 1
                return asked > early.losses.count
            })
        #expect(training.outcome == .cancelled && validation.losses == early.losses && validation.stoppedEpoch == nil)
        #expect(validation.bestEpoch == early.bestEpoch && parameters == stopped)
    }

    @Test("a validation loss that is not finite undoes its epoch and ends the run diverged")
    func nonFiniteValidationLossDiverges() throws {
        let start = StateDict<Float>.pytorchDefault(Self.network, seed: 3)
        var parameters = start
        // Finite values whose squared errors overflow float32.
        let huge = try TrainingSequences(series: [1e20, -1e20, 1e20])
        let (training, validation) = ReferenceNetwork.train(
            &parameters, data: Self.data, validation: Validation(data: huge), options: Self.options)
        #expect(training.outcome == .diverged(epoch: 0) && training.losses.isEmpty && validation.losses.isEmpty)
        #expect(parameters == start && validation.bestEpoch == nil)
    }

    @Test("min_delta: an improvement of at most min_delta is not one")
    func minDelta() throws {
        var parameters = StateDict<Float>.pytorchDefault(Self.network, seed: 3)
        let plain = ReferenceNetwork.train(
            &parameters, data: Self.data, validation: Validation(data: Self.data), options: Self.options).validation
        // On its own training series the validation loss keeps falling, by far less than 1e9.
        #expect(plain.bestEpoch! > 3 && plain.losses.count == Self.options.epochs)
        parameters = StateDict<Float>.pytorchDefault(Self.network, seed: 3)
        let stopping = EarlyStopping(patience: 3, minDelta: 1e9, restoreBest: true)
        let (training, validation) = ReferenceNetwork.train(
            &parameters, data: Self.data, validation: Validation(data: Self.data, earlyStopping: stopping),
            options: Self.options)
        #expect(validation.bestEpoch == 0 && validation.stoppedEpoch == 3 && training.losses.count == 4)
        #expect(validation.losses == Array(plain.losses.prefix(4)))
    }

    @Test("a fraction holds out the last round(f·T) rows of every sequence; both parts need two rows")
    func fractionSplit() throws {
        let data = try TrainingSequences(
            sequences: (0..<2).map { b in (0..<10).map { t in [Float(t), Float(b)] } }, targets: [1])
        let (training, validation) = try #require(Validation.split(data, fraction: 0.25))
        // round(2.5) = 3, half away from zero.
        #expect(training.sequences.map(\.count) == [7, 7] && validation.sequences.map(\.count) == [3, 3])
        #expect(validation.sequences[1][0] == [7, 1] && validation.targets == [1] && training.targets == [1])
        #expect(Validation.split(data, fraction: 0.1) == nil)   // one row held out
        #expect(Validation.split(data, fraction: 0.85) == nil)  // one row left to train on
        #expect(Validation.split(data, fraction: 0) == nil && Validation.split(data, fraction: 1) == nil)
    }
}
