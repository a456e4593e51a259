import ElmanJSON

/// `model.get` and `model.delete`: `{model}`, one required model id and nothing else.
public struct ModelParams: Equatable, Sendable {
    public var model: String
    public init(_ params: JSONObject) throws { model = try ParamReader.onlyString("model", in: params) }
}

/// `model.save`: `{model, name}`.
public struct SaveParams: Equatable, Sendable {
    public var model: String
    public var name: ModelName
    public init(_ params: JSONObject) throws {
        var reader = ParamReader(params)
        model = try reader.requiredString("model")
        name = try ModelName(try reader.requiredString("name"))
        try reader.finish()
    }
}

/// `model.load`: `{name}`.
public struct LoadParams: Equatable, Sendable {
    public var name: ModelName
    public init(_ params: JSONObject) throws {
        var reader = ParamReader(params)
        name = try ModelName(try reader.requiredString("name"))
        try reader.finish()
    }
}
