import ElmanCore
import Testing

/// Cancellation between windows (`CancellationPoll`): every trainer asks `isCancelled()` within an epoch too, and a
/// cancel that comes mid-epoch ends the run `.cancelled` with exactly the losses and weights of the epochs completed
/// before it.
@Suite("Cancellation between windows")
struct CancellationTests {
    /// 399 steps per epoch: the trainers ask before each epoch and about every 64 steps within it.
    static let series = Series.sine(start: 0, stop: 40, points: 400)
    static let data = try! TrainingSequences(series: series)
    static let network = try! NetworkDescription(cell: .lstm, inputSize: 1, hiddenSize: 5, outputSize: 1)

    enum Path: String, CaseIterable {
        case seedFast, seedReference, networkFast, networkReference, networkValidating, networkRecording

        /// Trains fresh weights for `epochs` epochs with progress after every epoch; the result and the weights.
        func train(epochs: Int, truncation: Int, progress: (Int, Float) -> Void, isCancelled: () -> Bool)
            -> (TrainingResult, StateDict<Float>)
        {
            let seedOptions = TrainingOptions(epochs: epochs, learningRate: 0.05, truncation: truncation,
                                              reportEvery: 1)
            let options = NetworkTrainingOptions(epochs: epochs, truncation: truncation,
                                                 optimizer: .adam(.init(lr: 0.01)), reportEvery: 1)
            var weights = ElmanWeights.random(hiddenSize: 4, seed: 1)
            var parameters = StateDict<Float>.pytorchDefault(CancellationTests.network, seed: 1)
            let data = CancellationTests.data
            let result: TrainingResult
            switch self {
            case .seedFast:
                result = ElmanCore.train(&weights, series: CancellationTests.series, options: seedOptions,
                                         progress: progress, isCancelled: isCancelled)
                return (result, StateDict(weights))
            case .seedReference:
                result = ReferenceElman.train(&weights, series: CancellationTests.series, options: seedOptions,
                                              progress: progress, isCancelled: isCancelled)
                return (result, StateDict(weights))
            case .networkFast:
                result = FastNetwork.train(&parameters, data: data, options: options, progress: progress,
                                           isCancelled: isCancelled)
            case .networkReference:
                result = ReferenceNetwork.train(&parameters, data: data, options: options, progress: progress,
                                                isCancelled: isCancelled)
            case .networkValidating:
                result = FastNetwork.train(&parameters, data: data, validation: Validation(data: data),
                                           options: options, progress: { epoch, loss, _ in progress(epoch, loss) },
                                           isCancelled: isCancelled).training
            case .networkRecording:
                result = FastNetwork.train(&parameters, data: data, options: options, recording: [.gradNorm],
                                           progress: { epoch, loss, _, _ in progress(epoch, loss) },
                                           isCancelled: isCancelled).training
            }
            return (result, parameters)
        }
    }

    @Test("a cancel during epoch 1 ends the run with epoch 0's loss and weights",
          arguments: Path.allCases, [1, 5])
    func cancelDuringAnEpoch(path: Path, truncation: Int) {
        // The first ask after epoch 0 is before epoch 1; the second comes within epoch 1 (it would be before
        // epoch 2 if epochs were the only points asked at).
        var completed = 0, askedAfterEpoch0 = 0
        let (result, weights) = path.train(
            epochs: 3, truncation: truncation, progress: { epoch, _ in completed = epoch + 1 },
            isCancelled: {
                if completed == 1 { askedAfterEpoch0 += 1 }
                return askedAfterEpoch0 == 2
            })
        let (one, afterOne) = path.train(epochs: 1, truncation: truncation, progress: { _, _ in },
                                         isCancelled: { false })
        #expect(result.outcome == .cancelled)
        #expect(result.losses == one.losses && result.losses.count == 1)
        #expect(weights == afterOne)
    }

    @Test("a cancel during epoch 0 leaves the starting weights", arguments: Path.allCases)
    func cancelDuringTheFirstEpoch(path: Path) {
        var asked = 0
        let (result, weights) = path.train(epochs: 2, truncation: 1, progress: { _, _ in }, isCancelled: {
            asked += 1
            return asked == 2
        })
        let (_, start) = path.train(epochs: 0, truncation: 1, progress: { _, _ in }, isCancelled: { false })
        #expect(result.outcome == .cancelled && result.losses.isEmpty && weights == start)
    }
}
