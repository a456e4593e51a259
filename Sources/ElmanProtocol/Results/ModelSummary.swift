import ElmanCore
import ElmanJSON

/// The model summary (PROTOCOL.md, "model summary"): `{"model", "hidden_size", "epochs_trained", "job",
/// "network"}`, where `job` is the job training the model now, or `null`, and `network` the network's description
/// (`NetworkCoding`). `model.list` lists summaries; `model.get` and `model.load`
/// answer with one and a member more.
public struct ModelSummary: Equatable, Sendable {
    public var model: String
    public var network: NetworkDescription
    public var epochsTrained: Int
    public var job: String?

    public init(model: String, network: NetworkDescription, epochsTrained: Int, job: String?) {
        self.model = model
        self.network = network
        self.epochsTrained = epochsTrained
        self.job = job
    }

    public var json: JSONValue { .object(members) }

    /// The result of `model.get`: the summary, then `"naive_mae"` when the model has one (per target column:
    /// `ForecastMetrics.naiveMAE`), `"state_dict"` (`StateDictCoding`), for a network of the seed's kind
    /// `"weights"` in the seed's layout (`WeightsCoding`), and for a model trained with a scaler `"scaler"`
    /// (`ScalerCoding`).
    public func json(stateDict: StateDict<Float>, weights: ElmanWeights?, naiveMAE: [Double]? = nil,
                     scaler: Scaler? = nil) -> JSONValue {
        var object = members
        if let naiveMAE { object["naive_mae"] = MetricsCoding.numbers(naiveMAE) }
        object["state_dict"] = StateDictCoding.json(stateDict)
        if let weights { object["weights"] = WeightsCoding.json(weights) }
        if let scaler { object["scaler"] = ScalerCoding.json(scaler) }
        return .object(object)
    }

    /// The result of `model.load`: the new model's summary and then the `"name"` it was loaded from.
    public func json(loadedFrom name: ModelName) -> JSONValue {
        var object = members
        object["name"] = .string(name.text)
        return .object(object)
    }

    private var members: JSONObject {
        [
            "model": .string(model), "hidden_size": .number(Double(network.hiddenSize)),
            "epochs_trained": .number(Double(epochsTrained)), "job": job.map(JSONValue.string) ?? .null,
            "network": NetworkCoding.json(network),
        ]
    }
}

/// The result of `model.list`: `{"models": [summary], "saved": [names]}`, models in order of creation, saved
/// names sorted.
public struct ModelList: Equatable, Sendable {
    public var models: [ModelSummary]
    public var saved: [String]

    public init(models: [ModelSummary], saved: [String]) {
        self.models = models
        self.saved = saved
    }

    public var json: JSONValue {
        ["models": .array(models.map(\.json)), "saved": .array(saved.map(JSONValue.string))]
    }
}
