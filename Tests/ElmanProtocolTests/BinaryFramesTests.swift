import ElmanCore
import ElmanJSON
import Testing

@testable import ElmanProtocol

/// Buffer placeholders resolved against a message's frames (`RPCDecoder`, `BufferResolver`), the params readers on
/// tensors, and replies written as placeholders and buffers (`ReplyFrames`). No sockets.
@Suite struct BinaryFramesTests {
    let limits = Limits(trainingThreads: 1)

    static func f4(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init) }
    }

    static func f8(_ values: [Double]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init) }
    }

    static func placeholder(_ index: Int, _ shape: [Int]) -> JSONValue { placeholder(index, "<f4", shape) }

    static func placeholder(_ index: Int, _ dtype: String, _ shape: [Int]) -> JSONValue {
        ["$buffer": .number(Double(index)), "dtype": .string(dtype), "shape": .array(shape.map { .number(Double($0)) })]
    }

    static func request(_ params: JSONValue, id: Int = 1, method: String = "predict") -> JSONValue {
        ["jsonrpc": "2.0", "id": .number(Double(id)), "method": .string(method), "params": params]
    }

    private func decode(_ body: JSONValue, _ buffers: [[UInt8]]) -> [RPCCall] {
        switch RPCDecoder.decode(JSONWriter.write(body), buffers: buffers, limits: limits) {
        case .single(let call): return [call]
        case .batch(let calls): return calls
        case .rejected(let error): Issue.record("rejected: \(error)"); return []
        }
    }

    private func params(_ call: RPCCall) throws -> JSONObject { try call.outcome.get().params }

    private func error(_ call: RPCCall) -> RPCError? {
        if case .failure(let error) = call.outcome { return error }
        return nil
    }

    @Test func placeholdersBecomeTensorsOfTheirShapeAsFloat32() throws {
        let body = Self.request(["model": "m1", "data": ["sequences": [Self.placeholder(0, [2, 1]),
                                                                          Self.placeholder(1, "<f8", [2])]]])
        let call = try #require(decode(body, [Self.f4([1.5, -2]), Self.f8([0.1, 1e300])]).first)
        let sequences = try #require(try params(call)["data"]?["sequences"]?.arrayValue)
        #expect(sequences[0] == .tensor(FloatTensor(shape: [2, 1], values: [1.5, -2])))
        #expect(sequences[1] == .tensor(FloatTensor([Float(0.1), .infinity])), "float64 rounds to nearest float32")
        #expect(call.binary == nil)
    }

    @Test(arguments: [
        (placeholder(1, [2]), "buffer 1 does not exist: the message has 1 buffer"),
        (placeholder(0, "<i4", [2]), "dtype must be <f4 or <f8"),
        (placeholder(0, [3]), "buffer 0 has 8 bytes; <f4 of shape [3] needs 12"),
        (placeholder(0, "<f8", [2]), "buffer 0 has 8 bytes; <f8 of shape [2] needs 16"),
        (placeholder(0, []), "shape must be a list of one or more integers ≥ 0"),
        (placeholder(0, [-2]), "shape must be a list of one or more integers ≥ 0"),
        (["$buffer": 0, "dtype": "<f4", "shape": [2.5]], "shape must be a list of one or more integers ≥ 0"),
        (["$buffer": 0, "dtype": "<f4", "shape": [.number(0x1p40), .number(0x1p40)]],
         "shape [1099511627776, 1099511627776] is larger than any message"),
        (["$buffer": 0, "dtype": "<f4", "shape": [0, .number(0x1p40), .number(0x1p40)]],
         "shape [0, 1099511627776, 1099511627776] is larger than any message"),
        (["$buffer": 0, "dtype": "<f4"], "shape must be a list of one or more integers ≥ 0"),
        (["$buffer": 0, "shape": [2]], "dtype must be <f4 or <f8"),
        (["$buffer": 0, "dtype": "<f4", "shape": [2], "order": "C"],
         "a placeholder has exactly $buffer, dtype and shape; not order"),
        (["$buffer": "0", "dtype": "<f4", "shape": [2]], "$buffer must be a buffer index, an integer ≥ 0"),
        (["$buffer": -1, "dtype": "<f4", "shape": [2]], "$buffer must be a buffer index, an integer ≥ 0"),
    ] as [(JSONValue, String)])
    func aBadPlaceholderFailsItsCallNamingTheMember(_ placeholder: JSONValue, _ reason: String) throws {
        let call = try #require(decode(Self.request(["model": "m1", "inputs": placeholder]), [Self.f4([1, 2])]).first)
        #expect(call.id == 1)
        #expect(error(call) == .invalidParams("inputs", reason))
    }

    @Test func anEmptyTensorOfHugeDimensionsIsReadWithoutOverflow() throws {
        let placeholder: JSONValue = ["$buffer": 0, "dtype": "<f8", "shape": [0, .number(0x1p30), .number(0x1p29)]]
        let call = try #require(decode(Self.request(["model": "m1", "inputs": placeholder]), [[]]).first)
        #expect(throws: RPCError.invalidParams("inputs", "needs at least 1 value, got 0")) {
            try PredictParams(try params(call), limits: limits)
        }
        #expect(FloatTensor.count(of: [0, 1 << 40, 1 << 40]) == nil && FloatTensor.count(of: [3, 0, 1 << 60]) == 0)
    }

    @Test func aBufferUsedTwiceFailsTheCallThatUsesItAgain() throws {
        let body: JSONValue = .array([
            Self.request(["model": "m1", "inputs": Self.placeholder(0, [2])], id: 1),
            Self.request(["model": "m1", "prime": [Self.placeholder(0, [2])], "steps": 1], id: 2, method: "generate"),
        ])
        let calls = decode(body, [Self.f4([1, 2])])
        #expect(error(calls[0]) == nil)
        #expect(error(calls[1]) == .invalidParams("prime[0]", "buffer 0 is already used by inputs"))
    }

    @Test func anUnusedBufferFailsEveryCallOfTheMessage() throws {
        let body: JSONValue = .array([
            Self.request(["model": "m1", "inputs": Self.placeholder(0, [2])], id: 1),
            Self.request([:], id: 2, method: "ping"),
            Self.request([:], id: 3, method: "nope"),
        ])
        let calls = decode(body, [Self.f4([1, 2]), [1, 2, 3]])
        let unused = RPCError.invalidParams("$buffer", "buffer 1 is not used by any placeholder")
        #expect(calls.map(error) == [unused, unused, .methodNotFound("nope")])
        #expect(calls.map(\.id) == [1, 2, 3])
    }

    @Test func aPlaceholderWithoutFramesIsAnErrorAndFramesWithoutPlaceholdersToo() throws {
        let missing = try #require(decode(Self.request(["model": "m1", "inputs": Self.placeholder(0, [1])]), []).first)
        #expect(error(missing) == .invalidParams("inputs", "buffer 0 does not exist: the message has 0 buffers"))
        let unused = try #require(decode(Self.request([:], method: "ping"), [[]]).first)
        #expect(error(unused) == .invalidParams("$buffer", "buffer 0 is not used by any placeholder"))
    }

    @Test func theBinaryParamIsTakenByEveryMethodAndMustBeABool() throws {
        let calls = decode(.array([Self.request(["binary": true], id: 1, method: "ping"),
                                   Self.request(["binary": false, "job": "j1"], id: 2, method: "job.status"),
                                   Self.request(["binary": 1], id: 3, method: "info")]), [])
        #expect(calls.map(\.binary) == [true, false, nil])
        #expect(try NoParams(try params(calls[0])) == NoParams([:]))
        #expect(try params(calls[1]) == ["job": "j1"])
        #expect(error(calls[2]) == .invalidParams("binary", "must be true or false"))
    }

    // -- the params readers take a tensor as they take its nested list

    @Test func everyFloatArrayParamReadsATensorAsItsNestedList() throws {
        let series = FloatTensor(shape: [4, 2], values: [1, 2, 3, 4, 5, 6, 7, 8])
        func both<Params: Equatable>(_ read: (JSONValue) throws -> Params) throws {
            #expect(try read(.tensor(series)) == read(series.nested))
        }
        try both { try PredictParams(["model": "m1", "data": ["series": $0]], limits: limits) }
        try both { try PredictParams(["model": "m1", "inputs": $0], limits: limits) }
        try both { try GenerateParams(["model": "m1", "prime": $0, "steps": 2], limits: limits) }
        let network: JSONValue = ["cell": "rnn", "hidden_size": 3]
        try both { try TrainParams(["data": ["series": $0], "network": network, "validation": ["series": $0]],
                                   limits: limits) }
        try both { try EvaluateParams(["model": "m1", "horizon": 1, "data": ["series": $0]], limits: limits) }
        try both { try BacktestParams(["initial": 2, "horizon": 1, "data": ["series": $0],
                                       "network": network], limits: limits) }
        try both { try GradientFlowParams(["model": "m1", "data": ["series": $0]], limits: limits) }
        let vector = FloatTensor([1, 2, 3])
        #expect(try PredictParams(["model": "m1", "inputs": .tensor(vector)], limits: limits)
            == PredictParams(["model": "m1", "inputs": vector.nested], limits: limits))
        let batch = FloatTensor(stacking: [FloatTensor([1, 2, 3]), FloatTensor([4, 5, 6])])
        #expect(try PredictParams(["model": "m1", "data": ["sequences": .tensor(batch)]], limits: limits)
            == PredictParams(["model": "m1", "data": ["sequences": batch.nested]], limits: limits))
        let mixed: JSONValue = .array([.tensor(FloatTensor([1, 2, 3])), [4, 5, 6]])
        #expect(try PredictParams(["model": "m1", "data": ["sequences": mixed]], limits: limits)
            == PredictParams(["model": "m1", "data": ["sequences": batch.nested]], limits: limits))
    }

    @Test func aTensorOfTheWrongRankFailsAsItsNestedListWould() {
        let cube = JSONValue.tensor(FloatTensor(shape: [2, 1, 1], values: [1, 2]))
        let expected = RPCError.invalidParams("inputs[0][0]", "must be a finite number")
        #expect(throws: expected) { try PredictParams(["model": "m1", "inputs": cube], limits: limits) }
        #expect(throws: expected) {
            try PredictParams(["model": "m1", "inputs": cube.arrayValue.map(JSONValue.array)!], limits: limits)
        }
    }

    @Test func weightsAndStateDictsReadFromTensors() throws {
        let weights = try ElmanWeights(hiddenSize: 2, w1: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], w2: [1, 2])
        let tensors = WeightsCoding.json(weights)
        #expect(try WeightsCoding.read(tensors, path: "weights", limits: limits) == weights)
        #expect(try WeightsCoding.read(try JSONParser.parse(JSONWriter.write(tensors)), path: "weights", limits: limits)
            == weights)
        let network = try NetworkDescription(cell: .lstm, inputSize: 2, hiddenSize: 3, outputSize: 1)
        let stateDict = StateDict<Float>.pytorchDefault(network, seed: 3)
        let json = StateDictCoding.json(stateDict)
        #expect(try StateDictCoding.read(json, path: "state_dict", network: network) == stateDict)
        #expect(try StateDictCoding.read(try JSONParser.parse(JSONWriter.write(json)), path: "state_dict",
                                         network: network) == stateDict)
        let misshapen: JSONValue = ["w1": .tensor(FloatTensor([1, 2, 3])), "w2": [[1], [2]]]
        #expect(throws: RPCError.invalidParams("weights.w1[0]", "must be a row of 2 numbers")) {
            try WeightsCoding.read(misshapen, path: "weights", limits: limits)
        }
    }

    @Test func aNonFiniteValueIsNamedByItsIndexAsInTheNestedForm() {
        let rows = FloatTensor(shape: [3, 2], values: [1, 2, 3, .nan, 5, 6])
        #expect(throws: RPCError.invalidParams("data.series[1][1]", "must be a finite number")) {
            try PredictParams(["model": "m1", "data": ["series": .tensor(rows)]], limits: limits)
        }
        #expect(throws: RPCError.invalidParams("inputs[2]", "must be a finite number")) {
            try PredictParams(["model": "m1", "inputs": .floats([1, 2, -.infinity])], limits: limits)
        }
        let length = limits.maxSeriesLength + 1
        #expect(throws: RPCError.limitExceeded("max_series_length", value: length, max: length - 1)) {
            try PredictParams(["model": "m1", "inputs": .floats(Array(repeating: 0, count: length))], limits: limits)
        }
    }

    @Test func aBatchTensorIsTakenFlatAndFailsAsItsNestedListWould() throws {
        let cube = FloatTensor(shape: [2, 3, 2], values: (0..<12).map(Float.init))
        let params = try PredictParams(["model": "m1", "data": ["sequences": .tensor(cube)]], limits: limits)
        #expect(params.inputs == SequenceBatch(count: 2, length: 2, width: 2, values: [0, 1, 2, 3, 6, 7, 8, 9]))
        let bad = FloatTensor(shape: [2, 3, 2], values: (0..<12).map { $0 == 9 ? .infinity : Float($0) })
        let square = FloatTensor(shape: [2, 3], values: [1, 2, 3, 4, .nan, 6])
        let tooShort = FloatTensor(shape: [2, 1], values: [1, 2])
        var narrow = limits
        narrow.maxColumns = 1
        for (tensor, limits) in [(bad, limits), (square, limits), (tooShort, limits), (cube, narrow)] {
            let nested = Result { try PredictParams(["model": "m1", "data": ["sequences": tensor.nested]],
                                                    limits: limits) }
            let flat = Result { try PredictParams(["model": "m1", "data": ["sequences": .tensor(tensor)]],
                                                  limits: limits) }
            guard case .failure(let expected as RPCError) = nested, case .failure(let error as RPCError) = flat else {
                Issue.record("\(tensor.shape) should fail both ways")
                continue
            }
            #expect(error == expected)
        }
        #expect(throws: RPCError.invalidParams("data.sequences[1][1][1]", "must be a finite number")) {
            try PredictParams(["model": "m1", "data": ["sequences": .tensor(bad)]], limits: limits)
        }
    }

    // -- replies

    @Test func aJSONReplyIsTheSameBytesAsBefore() {
        let w1 = FloatTensor(shape: [1, 2], values: [3, 4])
        let result: JSONValue = ["predictions": .floats([0.1, 0.2]), "w1": .tensor(w1)]
        let frames = ReplyFrames.encode([.init(result, binary: false)], isBatch: false)
        #expect(frames == [Array(#"{"predictions":[0.1,0.2],"w1":[[3.0,4.0]]}"#.utf8)])
    }

    @Test func aBinaryReplyHasPlaceholdersNumberedAcrossTheBatch() throws {
        let first: JSONValue = ["losses": .floats([1, 2]), "n": 3]
        let second: JSONValue = ["values": .tensor(FloatTensor(shape: [1, 2], values: [5, 6]))]
        let third: JSONValue = ["values": .floats([7])]
        let frames = ReplyFrames.encode([.init(first, binary: true), .init(third, binary: false),
                                         .init(second, binary: true)], isBatch: true)
        #expect(frames.count == 3)
        let body = try JSONParser.parse(frames[0])
        #expect(body == .array([
            ["losses": Self.placeholder(0, [2]), "n": 3], ["values": [7]], ["values": Self.placeholder(1, [1, 2])],
        ]))
        #expect(frames[1] == Self.f4([1, 2]) && frames[2] == Self.f4([5, 6]))
    }
}
