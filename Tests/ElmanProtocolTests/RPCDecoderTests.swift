import ElmanCore
import ElmanJSON
import Testing

@testable import ElmanProtocol

/// The request decoder and the params validators, run directly on bytes and values: no sockets.
@Suite struct RPCDecoderTests {
    let limits = Limits(trainingThreads: 1)

    private func decode(_ text: String) -> RPCBody { RPCDecoder.decode(Array(text.utf8), limits: limits) }

    @Test func aRequestDecodesToItsMethodAndParams() throws {
        guard case .single(let call) = decode(#"{"jsonrpc":"2.0","id":"x","method":"job.wait","params":{"job":"j1"}}"#),
              case .success(let decoded) = call.outcome
        else { Issue.record("not decoded"); return }
        #expect(call.id == "x" && call.wantsReply)
        #expect(decoded.method == .jobWait)
        #expect(try WaitParams(decoded.params) == WaitParams(["job": "j1"]))
    }

    @Test func notificationsWantNoReplyUnlessStructurallyInvalid() {
        guard case .single(let notification) = decode(#"{"jsonrpc":"2.0","method":"nope"}"#),
              case .single(let broken) = decode(#"{"jsonrpc":"2.0","method":3}"#)
        else { Issue.record("not decoded"); return }
        #expect(!notification.wantsReply)
        #expect(broken.wantsReply && broken.id == .null)
    }

    @Test func numericIdsMustBeEchoableExactly() {
        guard case .single(let safe) = decode(#"{"jsonrpc":"2.0","id":9007199254740991,"method":"ping"}"#),
              case .single(let unsafe) = decode(#"{"jsonrpc":"2.0","id":9007199254740993,"method":"ping"}"#)
        else { Issue.record("not decoded"); return }
        #expect(safe.id == .number(9_007_199_254_740_991))
        #expect(unsafe.id == .null)
        guard case .failure(let error) = unsafe.outcome else { Issue.record("accepted"); return }
        #expect(error.code == -32600)
    }

    @Test func bodyLevelErrors() {
        guard case .rejected(let parse) = decode("{"), case .rejected(let empty) = decode("[]") else {
            Issue.record("accepted"); return
        }
        #expect(parse.code == -32700 && empty.code == -32600)
        let tooLong = "[" + Array(repeating: "1", count: limits.maxBatch + 1).joined(separator: ",") + "]"
        guard case .rejected(let batch) = decode(tooLong) else { Issue.record("accepted"); return }
        #expect(batch.code == -32600)
    }

    @Test func trainDefaultsAreTheSeed() throws {
        let params = try TrainParams([:], limits: limits)
        #expect(params.source == .random(hiddenSize: 6, seed: 0, w1Std: 0.4, w2Std: 0.3))
        #expect(params.data.series == Series.sine(start: 2, stop: 10, points: 21))
        // The top-level lr is a float32, as the seed's.
        #expect(params.options == NetworkTrainingOptions(optimizer: .sgd(.init(lr: Double(Float(0.1))))))
        #expect(params.fastPathOptions
                == TrainingOptions(epochs: 300, learningRate: 0.1, truncation: 1, reportEvery: 10))
        #expect(params.wait == false)
    }

    @Test func explicitWeightsKeepPyTorchLayout() throws {
        let params = try TrainParams(["weights": ["w1": [[1, 2], [3, 4], [5, 6]], "w2": [[7], [8]]]], limits: limits)
        #expect(params.source == .explicit(try ElmanWeights(hiddenSize: 2, w1: [1, 2, 3, 4, 5, 6], w2: [7, 8])))
        #expect(WeightsCoding.json(try ElmanWeights(hiddenSize: 2, w1: [1, 2, 3, 4, 5, 6], w2: [7, 8]))
                == ["w1": [[1, 2], [3, 4], [5, 6]], "w2": [[7], [8]]])
    }

    @Test func predictUsesTheSeriesWithoutItsLastValue() throws {
        let params = try PredictParams(["model": "m1", "data": ["series": [1, 2, 3]]], limits: limits)
        #expect(params.inputs == SequenceBatch(series: [1, 2]) && params.param == "data" && !params.isBatch)
        #expect(throws: RPCError.invalidParams("inputs", "give data or inputs, not both")) {
            try PredictParams(["model": "m1", "data": ["series": [1, 2]], "inputs": [1]], limits: limits)
        }
    }

    @Test func float32OverflowIsRefused() {
        #expect(throws: RPCError.self) { try TrainParams(["data": ["series": [1, 1e39]]], limits: limits) }
    }

    @Test func modelNamesStayInsideTheFolder() throws {
        for good in ["a", "sine-6", "v1.2_final", String(repeating: "n", count: 64)] {
            #expect(try ModelName(good).text == good)
        }
        for bad in ["", ".", "..", "../x", "a/b", "a\\b", ".hidden", "-x", "x.tmp", "é", "a b", String(repeating: "n", count: 65)] {
            #expect(throws: RPCError.self, "\(bad)") { try ModelName(bad) }
        }
    }
}
