import ElmanCore
import ElmanJSON
import Testing

@testable import ElmanProtocol

/// `train`'s general-network params (PROTOCOL.md, "train"): what they build, and every refusal naming its member.
@Suite struct NetworkParamsTests {
    let limits = Limits(trainingThreads: 1)
    let lstm: JSONValue = ["cell": "lstm", "hidden_size": 2]
    let twoColumns: JSONValue = ["series": [[1, 2], [3, 4], [5, 6]]]

    /// The refusal's code and the member it names.
    func refusal(_ params: JSONObject) -> (code: Int, param: String?)? {
        do {
            _ = try TrainParams(params, limits: limits)
            return nil
        } catch let error as RPCError {
            return (error.code, error.data["param"]?.stringValue ?? error.data["limit"]?.stringValue)
        } catch {
            return nil
        }
    }

    @Test func aNetworkTakesItsSizesFromTheDataAndPyTorchsDefaults() throws {
        let params = try TrainParams(["network": lstm, "data": twoColumns, "seed": 3], limits: limits)
        let expected = try NetworkDescription(cell: .lstm, inputSize: 2, hiddenSize: 2, outputSize: 2)
        #expect(params.source == .initialised(expected, seed: 3))
        #expect(params.data.targets == [0, 1] && params.data.steps == 2)
        #expect(params.fastPathOptions == nil)
        let relu = try TrainParams(["network": ["cell": "rnn", "hidden_size": 3, "num_layers": 2, "bias": false,
                                                "nonlinearity": "relu"],
                                    "data": ["sequences": [[[1, 2], [3, 4]], [[5, 6], [7, 8]]], "targets": [1]]],
                                   limits: limits)
        let reluNetwork = try NetworkDescription(cell: .rnn(.relu), inputSize: 2, hiddenSize: 3, numLayers: 2,
                                                 outputSize: 1, bias: false)
        #expect(relu.source == .initialised(reluNetwork, seed: 0))
        #expect(relu.data.sequences.count == 2 && relu.data.targets == [1])
    }

    @Test func optimizersLossAndClippingHaveTorchsDefaults() throws {
        let adam = try TrainParams(["optimizer": ["name": "adam"], "loss": "mse", "clip_grad_norm": 0.5],
                                   limits: limits)
        #expect(adam.options.optimizer == .adam(Optimizer.Adam()))
        #expect(adam.options.loss == .meanSquared && adam.options.clipGradNorm == 0.5)
        #expect(adam.fastPathOptions == nil)
        let adamW = try TrainParams(["optimizer": ["name": "adamw", "betas": [0.5, 0.75], "eps": 1e-6]],
                                    limits: limits)
        #expect(adamW.options.optimizer
                == .adamW(Optimizer.Adam(beta1: 0.5, beta2: 0.75, eps: 1e-6, weightDecay: 0.01)))
        let sgd = try TrainParams(["optimizer": ["name": "sgd", "momentum": 0.9, "nesterov": true]], limits: limits)
        #expect(sgd.options.optimizer == .sgd(Optimizer.SGD(lr: Double(Float(0.1)), momentum: 0.9, nesterov: true)))
        #expect(sgd.fastPathOptions == nil)
        let plain = try TrainParams(["optimizer": ["name": "sgd", "lr": 0.05]], limits: limits)
        #expect(plain.fastPathOptions?.learningRate == 0.05)
    }

    @Test func aStateDictWithoutNetworkIsTheSeedsNetwork() throws {
        let params = try TrainParams(["state_dict": ["rnn.weight_ih_l0": [[1], [2]], "head.weight": [[5, 6]],
                                                     "rnn.weight_hh_l0": [[1, 2], [3, 4]]]], limits: limits)
        let weights = try ElmanWeights(hiddenSize: 2, w1: [1, 2, 1, 3, 2, 4], w2: [5, 6])
        #expect(params.source == .stateDict(StateDict(weights)))
        #expect(params.fastPathOptions != nil)
    }

    @Test func refusalsNameTheMember() {
        let seedDict: JSONValue = ["rnn.weight_ih_l0": [[1]], "rnn.weight_hh_l0": [[1]], "head.weight": [[1]]]
        let cases: [(JSONObject, String)] = [
            // network
            (["network": lstm, "model": "m1"], "network"),
            (["network": lstm, "hidden_size": 2], "hidden_size"),
            (["network": lstm, "init_std": ["w1": 1]], "init_std"),
            (["network": lstm, "weights": ["w1": [[1], [1]], "w2": [[1]]]], "weights"),
            (["network": ["cell": "lstm"]], "network.hidden_size"),
            (["network": ["hidden_size": 2]], "network.cell"),
            (["network": ["cell": "transformer", "hidden_size": 2]], "network.cell"),
            (["network": ["cell": "lstm", "hidden_size": 2, "nonlinearity": "relu"]], "network.nonlinearity"),
            (["network": ["cell": "rnn", "hidden_size": 2, "nonlinearity": "sigmoid"]], "network.nonlinearity"),
            (["network": ["cell": "rnn", "hidden_size": 2, "num_layers": 0]], "network.num_layers"),
            (["network": ["cell": "rnn", "hidden_size": 2, "bias": 1]], "network.bias"),
            (["network": ["cell": "rnn", "hidden_size": 2, "dropout": 0]], "network.dropout"),
            (["network": 3], "network"),
            // state_dict
            (["state_dict": seedDict, "weights": ["w1": [[1], [1]], "w2": [[1]]]], "weights"),
            (["state_dict": seedDict, "seed": 1], "seed"),
            (["state_dict": seedDict, "init_std": ["w1": 1]], "init_std"),
            (["state_dict": seedDict, "model": "m1"], "state_dict"),
            (["state_dict": seedDict, "hidden_size": 3], "hidden_size"),
            (["state_dict": ["rnn.weight_ih_l0": [[1]], "rnn.weight_hh_l0": [[1]]]], "state_dict.head.weight"),
            (["state_dict": ["rnn.weight_ih_l0": [[1]], "head.weight": [[1]]]], "state_dict.rnn.weight_hh_l0"),
            (["state_dict": ["rnn.weight_ih_l0": [[1]], "rnn.weight_hh_l0": [[1]], "head.weight": [[1]],
                             "head.bias": [1]]], "state_dict.head.bias"),
            (["state_dict": ["rnn.weight_ih_l0": [[1, 2]], "rnn.weight_hh_l0": [[1]], "head.weight": [[1]]]],
             "state_dict.rnn.weight_ih_l0"),
            (["state_dict": ["rnn.weight_ih_l0": [1], "rnn.weight_hh_l0": [[1]], "head.weight": [[1]]]],
             "state_dict.rnn.weight_ih_l0"),
            (["network": lstm, "state_dict": seedDict], "state_dict.rnn.weight_ih_l0"),
            (["state_dict": ["rnn.weight_ih_l0": [["x"]], "rnn.weight_hh_l0": [[1]], "head.weight": [[1]]]],
             "state_dict.rnn.weight_ih_l0[0][0]"),
            // optimizer, loss, clipping
            (["optimizer": ["name": "adam"], "lr": 0.1], "lr"),
            (["optimizer": ["name": "rmsprop"]], "optimizer.name"),
            (["optimizer": [:]], "optimizer.name"),
            (["optimizer": ["name": "sgd", "nesterov": true]], "optimizer.nesterov"),
            (["optimizer": ["name": "sgd", "lr": 0]], "optimizer.lr"),
            (["optimizer": ["name": "sgd", "momentum": -1]], "optimizer.momentum"),
            (["optimizer": ["name": "sgd", "weight_decay": -1]], "optimizer.weight_decay"),
            (["optimizer": ["name": "sgd", "betas": [0.9, 0.99]]], "optimizer.betas"),
            (["optimizer": ["name": "adam", "betas": [0.9, 1]]], "optimizer.betas"),
            (["optimizer": ["name": "adam", "betas": [0.9]]], "optimizer.betas"),
            (["optimizer": ["name": "adam", "eps": 0]], "optimizer.eps"),
            (["optimizer": ["name": "adamw", "weight_decay": -0.1]], "optimizer.weight_decay"),
            (["optimizer": ["name": "adam", "momentum": 0.9]], "optimizer.momentum"),
            (["loss": "l1"], "loss"),
            (["clip_grad_norm": 0], "clip_grad_norm"),
            (["clip_grad_norm": -1], "clip_grad_norm"),
            // data
            (["data": ["series": [[1, 2], [3]]]], "data.series[1]"),
            (["data": ["series": [[1, 2], 3]]], "data.series[1]"),
            (["data": ["series": [[], []]]], "data.series[0]"),
            (["data": ["sequences": [[1, 2, 3], [1, 2]]]], "data.sequences[1]"),
            (["data": ["sequences": [[[1, 2], [3, 4]], [1, 2]]]], "data.sequences[1]"),
            (["data": ["sequences": []]], "data.sequences"),
            (["data": ["sequences": [[1]]]], "data.sequences[0]"),
            (["data": ["series": [[1, 2], [3, 4]], "targets": []]], "data.targets"),
            (["data": ["series": [[1, 2], [3, 4]], "targets": [0, 0]]], "data.targets[1]"),
            (["data": ["series": [[1, 2], [3, 4]], "targets": [2]]], "data.targets[0]"),
            (["data": ["series": [[1, 2], [3, 4]], "targets": [-1]]], "data.targets[0]"),
            (["data": ["series": [[1, 2], [3, 4]], "targets": [0.5]]], "data.targets[0]"),
            (["data": ["sine": [:], "targets": [0]]], "data.targets"),
            (["data": ["series": [1, 2], "sequences": [[1, 2]]]], "data"),
            (["data": ["targets": [0]]], "data"),
            // several columns: only the general networks
            (["data": twoColumns, "weights": ["w1": [[1], [1]], "w2": [[1]]]], "weights"),
            (["data": twoColumns, "init_std": ["w1": 1]], "init_std"),
        ]
        for (params, member) in cases {
            let refused = refusal(params)
            #expect(refused?.code == -32602, "\(JSONWriter.string(.object(params))) was not refused as invalid")
            #expect(refused?.param == member, "\(JSONWriter.string(.object(params)))")
        }
    }

    @Test func newLimitsAreLimits() {
        var small = limits
        small.maxSequences = 2
        small.maxColumns = 2
        small.maxLayers = 2
        let cases: [(JSONObject, String)] = [
            (["data": ["sequences": [[1, 2], [1, 2], [1, 2]]]], "max_sequences"),
            (["data": ["series": [[1, 2, 3], [1, 2, 3]]]], "max_columns"),
            (["network": ["cell": "gru", "hidden_size": 1, "num_layers": 3]], "max_layers"),
            (["network": ["cell": "gru", "hidden_size": 1025]], "max_hidden_size"),
        ]
        for (params, limit) in cases {
            #expect(throws: RPCError.self) {
                do {
                    _ = try TrainParams(params, limits: small)
                } catch let error as RPCError {
                    #expect(error.code == -32004 && error.data["limit"]?.stringValue == limit, "\(error)")
                    throw error
                }
            }
        }
        var work = limits
        work.maxWork = 10
        #expect(throws: RPCError.limitExceeded("max_work", value: 12, max: 10)) {
            try TrainParams(["epochs": 2, "data": ["sequences": [[1, 2, 3, 4], [1, 2, 3, 4]]]], limits: work)
        }
    }

    @Test func predictAndGenerateTakeRowsAndSequences() throws {
        let rows = try PredictParams(["model": "m1", "inputs": [[1, 2], [3, 4]]], limits: limits)
        #expect(rows.inputs == SequenceBatch(count: 1, length: 2, width: 2, values: [1, 2, 3, 4]) && !rows.isBatch
            && rows.param == "inputs")
        let batch = try PredictParams(["model": "m1", "data": ["sequences": [[1, 2, 3], [4, 5, 6]], "targets": [0]]],
                                      limits: limits)
        #expect(batch.inputs == SequenceBatch(count: 2, length: 2, width: 1, values: [1, 2, 4, 5]) && batch.isBatch)
        #expect(batch.inputs.nested == [[[1], [2]], [[4], [5]]])
        let generate = try GenerateParams(["model": "m1", "prime": [[1, 2]], "steps": 2], limits: limits)
        #expect(generate.prime == SequenceBatch(count: 1, length: 1, width: 2, values: [1, 2]))
        #expect(throws: RPCError.invalidParams("inputs[1]", "must be a row of 2 numbers like row 0")) {
            try PredictParams(["model": "m1", "inputs": [[1, 2], [3]]], limits: limits)
        }
        #expect(throws: RPCError.invalidParams("prime[1]", "must be a row of 1 number like row 0")) {
            try GenerateParams(["model": "m1", "prime": [[1], 2], "steps": 1], limits: limits)
        }
    }

    @Test func predictionsAreFlatForOneOutputAndRowsOtherwise() {
        func batch(_ nested: [[[Float]]]) -> SequenceBatch { SequenceBatch(nested: nested, width: nested[0][0].count) }
        #expect(Predictions(batch([[[1], [2]]]), isBatch: false).json == ["predictions": [1, 2]])
        #expect(Predictions(batch([[[1, 2]]]), isBatch: false).json == ["predictions": [[1, 2]]])
        #expect(Predictions(batch([[[1]], [[2]]]), isBatch: true).json == ["predictions": [[1], [2]]])
        #expect(Predictions(batch([[[1, 2]], [[3, 4]]]), isBatch: true).json == ["predictions": [[[1, 2]], [[3, 4]]]])
        #expect(GeneratedValues(batch([[[1, 2], [3, 4]]])).json == ["values": [[1, 2], [3, 4]]])
        #expect(GeneratedValues(SequenceBatch(series: [1, 2])).json == ["values": [1, 2]])
        #expect(GeneratedValues(SequenceBatch(count: 1, length: 0, width: 2, values: [])).json == ["values": []])
    }
}
