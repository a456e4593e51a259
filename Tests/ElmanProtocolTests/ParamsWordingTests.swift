import Testing

@testable import ElmanProtocol

/// Error reasons that state a count say "1 value" and "2 values", never "1 values".
@Suite struct ParamsWordingTests {
    let limits = Limits(trainingThreads: 1)

    @Test func tooFewValuesInTheSingular() {
        #expect(throws: RPCError.invalidParams("inputs", "needs at least 1 value, got 0")) {
            try PredictParams(["model": "m1", "inputs": []], limits: limits)
        }
        #expect(throws: RPCError.invalidParams("prime", "needs at least 1 value, got 0")) {
            try GenerateParams(["model": "m1", "prime": [], "steps": 1], limits: limits)
        }
    }

    @Test func tooFewValuesInThePlural() {
        #expect(throws: RPCError.invalidParams("data.series", "needs at least 2 values, got 1")) {
            try TrainParams(["data": ["series": [1]]], limits: limits)
        }
    }

    @Test func weightRowsOfOneAndOfSeveralNumbers() {
        #expect(throws: RPCError.invalidParams("weights.w2[0]", "must be a row of 1 number")) {
            try TrainParams(["weights": ["w1": [[1], [1]], "w2": [[1, 2]]]], limits: limits)
        }
        #expect(throws: RPCError.invalidParams("weights.w1[1]", "must be a row of 2 numbers")) {
            try TrainParams(["weights": ["w1": [[1, 2], [1], [1, 2]], "w2": [[1], [2]]]], limits: limits)
        }
    }

    @Test func counts() {
        #expect(counted(0, "value") == "0 values")
        #expect(counted(1, "value") == "1 value")
        #expect(counted(2, "row") == "2 rows")
    }
}
