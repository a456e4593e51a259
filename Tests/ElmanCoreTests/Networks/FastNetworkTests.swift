@testable import ElmanCore
import Foundation
import Testing

/// The general networks' fast path (`FastNetwork`, `NetworkWorkspace`) against the straightforward one
/// (`ReferenceNetwork`) and against PyTorch's fixtures. They agree to rounding, not bit for bit: the fast path sums
/// over blocks of lanes and uses the vectorised tanh.
@Suite("General networks: fast path vs reference path")
struct FastNetworkTests {
    /// One configuration: a network, data of B sequences of T rows × D columns predicting `targets`, and options.
    struct Case: CustomStringConvertible, Sendable {
        let cell: NetworkDescription.Cell
        let hidden: Int, layers: Int, bias: Bool
        let batch: Int, rows: Int, columns: Int, targets: [Int]
        let truncation: Int, loss: Loss, optimizer: Optimizer, clip: Double?

        var description: String {
            let clipping = clip.map { "clip \($0)" } ?? "no clip"
            return "\(cell) H\(hidden) L\(layers) bias \(bias) B\(batch) T\(rows) D\(columns) → \(targets) "
                + "k\(truncation) \(loss.rawValue) \(clipping)"
        }

        var network: NetworkDescription {
            try! NetworkDescription(cell: cell, inputSize: columns, hiddenSize: hidden, numLayers: layers,
                                    outputSize: targets.count, bias: bias)
        }

        var data: TrainingSequences {
            let sequences: [[[Float]]] = (0..<batch).map { (b: Int) -> [[Float]] in
                (0..<rows).map { (t: Int) -> [Float] in
                    (0..<columns).map { (d: Int) -> Float in Float(sin(0.3 * Double(t) + Double(b) + 0.7 * Double(d))) }
                }
            }
            return try! TrainingSequences(sequences: sequences, targets: targets)
        }

        var options: NetworkTrainingOptions {
            NetworkTrainingOptions(epochs: 12, truncation: truncation, loss: loss, optimizer: optimizer,
                                   clipGradNorm: clip, reportEvery: 1)
        }
    }

    static let cases: [Case] = [
        Case(cell: .rnn(.tanh), hidden: 6, layers: 1, bias: false, batch: 1, rows: 21, columns: 1, targets: [0],
             truncation: 1, loss: .halfSumOfSquares, optimizer: .seed, clip: nil),
        Case(cell: .rnn(.relu), hidden: 13, layers: 2, bias: true, batch: 2, rows: 15, columns: 2, targets: [1],
             truncation: 4, loss: .meanSquared, optimizer: .adamW(.init(lr: 0.01, weightDecay: 0.01)), clip: nil),
        Case(cell: .lstm, hidden: 9, layers: 1, bias: true, batch: 1, rows: 30, columns: 1, targets: [0],
             truncation: 5, loss: .halfSumOfSquares, optimizer: .adam(.init(lr: 0.01)), clip: nil),
        Case(cell: .lstm, hidden: 8, layers: 2, bias: false, batch: 3, rows: 12, columns: 3, targets: [0, 2],
             truncation: 100, loss: .meanSquared, optimizer: .sgd(.init(lr: 0.05, momentum: 0.9)), clip: 0.5),
        Case(cell: .gru, hidden: 17, layers: 1, bias: true, batch: 2, rows: 25, columns: 3, targets: [0, 1, 2],
             truncation: 3, loss: .halfSumOfSquares,
             optimizer: .sgd(.init(lr: 0.02, momentum: 0.8, nesterov: true, weightDecay: 0.001)), clip: 1),
        Case(cell: .gru, hidden: 5, layers: 3, bias: true, batch: 1, rows: 18, columns: 2, targets: [0, 1],
             truncation: 1, loss: .meanSquared, optimizer: .adam(.init(lr: 0.01, beta1: 0.8, beta2: 0.99,
                                                                          eps: 1e-6, weightDecay: 0.01)), clip: nil),
        Case(cell: .rnn(.tanh), hidden: 40, layers: 1, bias: true, batch: 1, rows: 40, columns: 1, targets: [0],
             truncation: 7, loss: .halfSumOfSquares, optimizer: .sgd(.init(lr: 0.01)), clip: 2),
    ]

    @Test("losses, final state_dict and progress agree with the reference path", arguments: cases)
    func agreement(_ config: Case) {
        let start = StateDict<Float>.pytorchDefault(config.network, seed: 7)
        var reference = start, fast = start
        var referenceReports: [Int] = [], fastReports: [Int] = []
        let expected = ReferenceNetwork.train(&reference, data: config.data, options: config.options,
                                              progress: { epoch, _ in referenceReports.append(epoch) })
        let result = FastNetwork.train(&fast, data: config.data, options: config.options,
                                       progress: { epoch, _ in fastReports.append(epoch) })
        #expect(result.outcome == expected.outcome && fastReports == referenceReports)
        let lossGap = maxRelativeDifference(result.losses, expected.losses), weightGap = maxAbsDifference(fast, reference)
        print("fast vs reference \(config): losses \(lossGap), state_dict \(weightGap)")
        #expect(lossGap < 1e-4)
        #expect(weightGap < 1e-4)
        #expect(result.losses.last! < result.losses.first!)
    }

    @Test("with every product through OpenBLAS: losses and final state_dict agree with the reference path",
          arguments: cases)
    func blasAgreement(_ config: Case) {
        let start = StateDict<Float>.pytorchDefault(config.network, seed: 7)
        var reference = start, fast = start, own = start
        let expected = ReferenceNetwork.train(&reference, data: config.data, options: config.options)
        let result = FastNetwork.train(&fast, data: config.data, options: config.options, routing: .blas)
        _ = FastNetwork.train(&own, data: config.data, options: config.options, routing: .ownKernels)
        #expect(result.outcome == expected.outcome)
        let lossGap = maxRelativeDifference(result.losses, expected.losses), weightGap = maxAbsDifference(fast, reference)
        print("OpenBLAS fast vs reference \(config): losses \(lossGap), state_dict \(weightGap)")
        #expect(lossGap < 1e-4)
        #expect(weightGap < 1e-4)
        // The routes differ in the order of their sums, so a case with a routed product cannot give the own
        // kernels' bits: this shows the products did go through OpenBLAS (with one layer, k = 1 and plain SGD on
        // one sequence, the pending updates' sgemm and the stored rows' sgemv).
        #expect(fast != own)
    }

    /// Hidden 21, `layers` layers, one 30-row sequence of 2 columns; plain SGD with k = 1 (`deferring`), and the
    /// same with clipping at a norm no gradient reaches (`immediate`), which changes nothing but builds the whole
    /// gradient first, so that every update is applied in its own window.
    static func oneStepWindows(cell: NetworkDescription.Cell, layers: Int) throws
        -> (start: StateDict<Float>, data: TrainingSequences, deferring: NetworkTrainingOptions,
            immediate: NetworkTrainingOptions)
    {
        let network = try NetworkDescription(cell: cell, inputSize: 2, hiddenSize: 21, numLayers: layers,
                                             outputSize: 1)
        let rows = (0..<30).map { t in [Float(sin(0.4 * Double(t))), Float(cos(0.3 * Double(t)))] }
        let data = try TrainingSequences(sequences: [rows], targets: [0])
        let deferring = NetworkTrainingOptions(epochs: 5, truncation: 1, optimizer: .sgd(.init(lr: 0.05)))
        var immediate = deferring
        immediate.clipGradNorm = 1e30
        return (StateDict<Float>.pytorchDefault(network, seed: 5), data, deferring, immediate)
    }

    @Test("a first layer updated as the next step reads it (k = 1, plain SGD) trains to the bits of immediate updates",
          arguments: [NetworkDescription.Cell.rnn(.tanh), .lstm, .gru], [1, 2])
    func deferredUpdate(cell: NetworkDescription.Cell, layers: Int) throws {
        let (start, data, deferring, immediate) = try Self.oneStepWindows(cell: cell, layers: layers)
        var lazily = start, eagerly = start
        let deferredResult = FastNetwork.train(&lazily, data: data, options: deferring)
        let immediateResult = FastNetwork.train(&eagerly, data: data, options: immediate)
        #expect(deferredResult.losses == immediateResult.losses)
        #expect(lazily == eagerly && lazily != start)
    }

    @Test("updates kept pending a few at a time (k = 1, plain SGD) train as immediate updates, to rounding",
          arguments: [NetworkDescription.Cell.rnn(.tanh), .lstm, .gru], [1, 2])
    func pendingUpdates(cell: NetworkDescription.Cell, layers: Int) throws {
        let (start, data, options, immediate) = try Self.oneStepWindows(cell: cell, layers: layers)
        var eagerly = start
        let expected = FastNetwork.train(&eagerly, data: data, options: immediate, routing: .ownKernels)
        // 29 steps an epoch: rank 4 flushes seven times and once more for the last update at the epoch's end;
        // rank 64 only at the end.
        for rank in [4, 64] {
            var routing = MatrixRouting.ownKernels
            routing.pendingRank = rank
            var lazily = start
            let result = FastNetwork.train(&lazily, data: data, options: options, routing: routing)
            let lossGap = maxRelativeDifference(result.losses, expected.losses)
            let weightGap = maxAbsDifference(lazily, eagerly)
            print("pending rank \(rank), \(cell), \(layers) layers vs immediate: losses \(lossGap), state_dict \(weightGap)")
            #expect(lossGap < 1e-5 && weightGap < 1e-5)
            #expect(lazily != eagerly, "the pending sums round differently, so bit-equality would mean they were unused")
        }
    }

    @Test("a cancel in mid-epoch drops the pending updates with the rest of the epoch", arguments: [4, 64])
    func cancelWithUpdatesPending(rank: Int) throws {
        // 399 steps an epoch, asked about every 64: the second ask after epoch 0 comes within epoch 1, with
        // updates pending whatever the rank.
        let data = try TrainingSequences(series: Series.sine(start: 0, stop: 40, points: 400))
        let network = try NetworkDescription(cell: .gru, inputSize: 1, hiddenSize: 12, outputSize: 1)
        var routing = MatrixRouting.ownKernels
        routing.pendingRank = rank
        func train(epochs: Int, isCancelled: () -> Bool, progress: (Int, Float) -> Void = { _, _ in })
            -> (TrainingResult, StateDict<Float>)
        {
            var parameters = StateDict<Float>.pytorchDefault(network, seed: 3)
            let options = NetworkTrainingOptions(epochs: epochs, truncation: 1, optimizer: .sgd(.init(lr: 0.02)),
                                                 reportEvery: 1)
            let result = FastNetwork.train(&parameters, data: data, options: options, routing: routing,
                                           progress: progress, isCancelled: isCancelled)
            return (result, parameters)
        }
        var completed = 0, askedAfterEpoch0 = 0
        let (cancelled, weights) = train(epochs: 3, isCancelled: {
            if completed == 1 { askedAfterEpoch0 += 1 }
            return askedAfterEpoch0 == 2
        }, progress: { epoch, _ in completed = epoch + 1 })
        let (one, afterOne) = train(epochs: 1, isCancelled: { false })
        #expect(cancelled.outcome == .cancelled && cancelled.losses == one.losses)
        #expect(weights == afterOne)
    }

    @Test("with every product through OpenBLAS, the fast path trains like PyTorch", arguments: NetworkFixture.names)
    func blasParity(name: String) throws {
        let fixture = try NetworkFixture.load(name)
        var parameters = fixture.initial
        let result = FastNetwork.train(&parameters, data: fixture.data, options: fixture.options, routing: .blas)
        #expect(result.outcome == .completed)
        #expect(maxAbsDifference(result.losses, fixture.losses) < NetworkParityTests.tolerance)
        #expect(maxAbsDifference(parameters, fixture.final) < NetworkParityTests.tolerance)
    }

    @Test("jobs calling OpenBLAS on several threads at once give each the result of the job alone")
    func blasOnThreads() async throws {
        let config = Self.cases[3], jobs = 6
        let starts = (0..<jobs).map { StateDict<Float>.pytorchDefault(config.network, seed: UInt64($0)) }
        let alone = starts.map { start in
            var parameters = start
            _ = FastNetwork.train(&parameters, data: config.data, options: config.options, routing: .blas)
            return parameters
        }
        let together = await withTaskGroup(of: (Int, StateDict<Float>).self) { group in
            for (job, start) in starts.enumerated() {
                group.addTask {
                    var parameters = start
                    _ = FastNetwork.train(&parameters, data: config.data, options: config.options, routing: .blas)
                    return (job, parameters)
                }
            }
            var results = [StateDict<Float>?](repeating: nil, count: jobs)
            for await (job, parameters) in group { results[job] = parameters }
            return results
        }
        #expect(together == alone)
    }

    @Test("the fast path trains like PyTorch", arguments: NetworkFixture.names)
    func parity(name: String) throws {
        let fixture = try NetworkFixture.load(name)
        var parameters = fixture.initial
        let result = FastNetwork.train(&parameters, data: fixture.data, options: fixture.options)
        #expect(result.outcome == .completed)
        #expect(maxAbsDifference(result.losses, fixture.losses) < NetworkParityTests.tolerance)
        #expect(maxAbsDifference(parameters, fixture.final) < NetworkParityTests.tolerance)
    }

    @Test("divergence and cancellation follow the epoch loop: the last finite weights, the epochs done")
    func loopRules() throws {
        let data = NetworkTrainingTests.data, network = NetworkTrainingTests.network
        let start = StateDict<Float>.pytorchDefault(network, seed: 1)
        let exploding = NetworkTrainingOptions(epochs: 50, truncation: 3, optimizer: .sgd(.init(lr: 3)))
        var parameters = start
        let result = FastNetwork.train(&parameters, data: data, options: exploding)
        guard case .diverged(let epoch) = result.outcome else {
            Issue.record("expected divergence, got \(result.outcome)")
            return
        }
        #expect(result.losses.count == epoch && parameters.isFinite && parameters != start)
        var replay = start, options = exploding
        options.epochs = epoch
        #expect(FastNetwork.train(&replay, data: data, options: options).losses == result.losses && replay == parameters)

        var asked = 0
        var cancelled = start
        let stopped = FastNetwork.train(&cancelled, data: data, options: NetworkTrainingOptions(epochs: 10),
                                        isCancelled: { asked += 1; return asked > 3 })
        #expect(stopped.outcome == .cancelled && stopped.losses.count == 3)
    }

    @Test("with validation and early stopping: the same losses, validation losses, best and stopped epochs",
          arguments: [Loss.halfSumOfSquares, .meanSquared])
    func validation(loss: Loss) throws {
        let network = try NetworkDescription(cell: .lstm, inputSize: 2, hiddenSize: 7, numLayers: 2, outputSize: 1)
        let rows = (0..<40).map { t in [Float(sin(0.4 * Double(t))), Float(cos(0.3 * Double(t)))] }
        let data = try TrainingSequences(sequences: [Array(rows[..<30])], targets: [0])
        let held = try TrainingSequences(sequences: [Array(rows[30...])], targets: [0])
        let validation = Validation(data: held, earlyStopping: EarlyStopping(patience: 3, minDelta: 0, restoreBest: true))
        let options = NetworkTrainingOptions(epochs: 60, truncation: 4, loss: loss, optimizer: .adam(.init(lr: 0.05)))
        let start = StateDict<Float>.pytorchDefault(network, seed: 3)
        var reference = start, fast = start
        let expected = ReferenceNetwork.train(&reference, data: data, validation: validation, options: options)
        let result = FastNetwork.train(&fast, data: data, validation: validation, options: options)
        #expect(result.validation.bestEpoch == expected.validation.bestEpoch)
        #expect(result.validation.stoppedEpoch == expected.validation.stoppedEpoch)
        #expect(expected.validation.stoppedEpoch != nil, "the case should stop early")
        #expect(maxRelativeDifference(result.training.losses, expected.training.losses) < 1e-4)
        #expect(maxRelativeDifference(result.validation.losses, expected.validation.losses) < 1e-4)
        #expect(maxAbsDifference(fast, reference) < 1e-4)
        let bestLoss = ReferenceNetwork.loss(fast, over: held, loss: loss)
        #expect(abs(bestLoss - result.validation.losses[result.validation.bestEpoch!]) < 1e-5)
    }
}
