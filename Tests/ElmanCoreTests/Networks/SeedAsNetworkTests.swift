import ElmanCore
import Testing

/// The seed's job given as a general network (rnn tanh, hidden 6, no bias, SGD 0.1, k = 1, sse/2) computes what the
/// seed's own paths compute, and the seed's weights convert to and from its state_dict.
@Suite("General networks: the seed as a network")
struct SeedAsNetworkTests {
    @Test("W1/W2 ↔ state_dict: weight_ih_l0 = W1[0]ᵀ, weight_hh_l0 = W1[1…]ᵀ, head.weight = W2ᵀ, and back")
    func conversion() throws {
        let weights = ElmanWeights.random(hiddenSize: 3, seed: 9)
        let stateDict = StateDict(weights)
        #expect(stateDict.network == .elman(hiddenSize: 3))
        #expect(stateDict.names == ["rnn.weight_ih_l0", "rnn.weight_hh_l0", "head.weight"])
        let w1 = weights.w1
        #expect(stateDict["rnn.weight_ih_l0"] == .init(shape: [3, 1], values: [w1[0], w1[1], w1[2]]))
        // weight_hh[j, i] = W1[i + 1][j]: row j of weight_hh is column j of W1's context rows.
        #expect(stateDict["rnn.weight_hh_l0"]?.values
            == [w1[3], w1[6], w1[9], w1[4], w1[7], w1[10], w1[5], w1[8], w1[11]])
        #expect(stateDict["head.weight"] == .init(shape: [1, 3], values: weights.w2))
        #expect(try ElmanWeights(stateDict) == weights)
        let lstm = StateDict<Float>.pytorchDefault(
            try NetworkDescription(cell: .lstm, inputSize: 1, hiddenSize: 3, outputSize: 1, bias: false), seed: 1)
        #expect(throws: ElmanError.self) { try ElmanWeights(lstm) }
    }

    /// Bit-identical to the reference trainer (same operations in the same order); the fast path differs only by
    /// float rounding, so within 1e-5.
    @Test("the seed job trains as on the seed's reference path (bit-identical) and fast path (within 1e-5)")
    func seedJob() throws {
        let initial = ElmanWeights.random(hiddenSize: ElmanWeights.seedHiddenSize, seed: 42)
        var parameters = StateDict(initial)
        let result = ReferenceNetwork.train(&parameters, data: try TrainingSequences(series: Series.sine()))
        var reference = initial, fast = initial
        let referenceResult = ReferenceElman.train(&reference, series: Series.sine())
        let fastResult = train(&fast, series: Series.sine())
        let trained = try ElmanWeights(parameters)

        #expect(result.outcome == .completed && result.losses.count == 300)
        #expect(result.losses == referenceResult.losses)
        #expect(trained == reference)
        print("seed as a network vs the fast path: max |Δ| losses "
            + "\(maxAbsDifference(result.losses, fastResult.losses)), "
            + "w1 \(maxAbsDifference(trained.w1, fast.w1)), w2 \(maxAbsDifference(trained.w2, fast.w2))")
        #expect(maxAbsDifference(result.losses, fastResult.losses) < 1e-5)
        #expect(maxAbsDifference(trained.w1, fast.w1) < 1e-5 && maxAbsDifference(trained.w2, fast.w2) < 1e-5)

        let inputs = Array(Series.sine().dropLast())
        #expect(ReferenceNetwork.predict(parameters, inputs: [inputs.map { [$0] }])
            == [ReferenceElman.predict(reference, inputs: inputs).map { [$0] }])
        #expect(ReferenceNetwork.generate(parameters, prime: [[[inputs[0]]]], steps: 15)
            == [ReferenceElman.generate(reference, prime: [inputs[0]], steps: 15).map { [$0] }])
    }
}
