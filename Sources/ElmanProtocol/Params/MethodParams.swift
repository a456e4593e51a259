import ElmanJSON

/// The validated params of the methods other than `train`. Each initializer reads every member it knows and
/// refuses the rest, so a request that passes validation can be carried out without further checks.

/// Params that are one required id and nothing else: `{job}` of `job.status` and `job.cancel`, `{model}` of
/// `model.get` and `model.delete`.
public enum SingleID {
    public static func read(_ params: JSONObject, _ name: String) throws -> String {
        var reader = ParamReader(params)
        let id = try reader.requiredString(name)
        try reader.finish()
        return id
    }
}

/// `job.wait`: `{job, timeout_ms?}`.
public struct WaitParams: Equatable, Sendable {
    public var job: String
    public var timeoutMs: Int?
    public init(_ params: JSONObject) throws {
        var reader = ParamReader(params)
        job = try reader.requiredString("job")
        timeoutMs = try reader.int("timeout_ms", minimum: 0)
        try reader.finish()
    }
}

/// `model.save`: `{model, name}`.
public struct SaveParams: Equatable, Sendable {
    public var model: String
    public var name: String
    public init(_ params: JSONObject) throws {
        var reader = ParamReader(params)
        model = try reader.requiredString("model")
        name = try ModelName.check(try reader.requiredString("name"))
        try reader.finish()
    }
}

/// `model.load`: `{name}`.
public struct LoadParams: Equatable, Sendable {
    public var name: String
    public init(_ params: JSONObject) throws {
        var reader = ParamReader(params)
        name = try ModelName.check(try reader.requiredString("name"))
        try reader.finish()
    }
}

/// `predict`: `{model, data? | inputs?}`; with `data` the inputs are the series without its last value.
public struct PredictParams: Equatable, Sendable {
    public var model: String
    public var inputs: [Float]
    public init(_ params: JSONObject, limits: Limits) throws {
        var reader = ParamReader(params)
        model = try reader.requiredString("model")
        if reader.has("inputs") && reader.has("data") {
            throw RPCError.invalidParams("inputs", "give data or inputs, not both")
        }
        if let inputs = try reader.floats("inputs", minCount: 1, limit: ("max_series_length", limits.maxSeriesLength)) {
            self.inputs = inputs
        } else {
            self.inputs = Array(try SeriesParam.read(&reader, limits: limits).dropLast())
        }
        try reader.finish()
    }
}

/// `generate`: `{model, prime, steps}`.
public struct GenerateParams: Equatable, Sendable {
    public var model: String
    public var prime: [Float]
    public var steps: Int
    public init(_ params: JSONObject, limits: Limits) throws {
        var reader = ParamReader(params)
        model = try reader.requiredString("model")
        guard let prime = try reader.floats("prime", minCount: 1,
                                            limit: ("max_series_length", limits.maxSeriesLength)) else {
            throw RPCError.invalidParams("prime", "is required")
        }
        self.prime = prime
        guard let steps = try reader.int("steps", minimum: 0) else {
            throw RPCError.invalidParams("steps", "is required")
        }
        guard steps <= limits.maxGenerateSteps else {
            throw RPCError.limitExceeded("max_generate_steps", value: steps, max: limits.maxGenerateSteps)
        }
        self.steps = steps
        try reader.finish()
    }
}

/// Methods without params (`ping`, `info`, `job.list`, `model.list`, `shutdown`) still refuse unknown members.
public enum NoParams {
    public static func check(_ params: JSONObject) throws {
        try ParamReader(params).finish()
    }
}

/// Names of saved models: `^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`, not ending in `.tmp`. This keeps every name a
/// single plain file name inside the models folder: no separators, no `..`, no hidden files.
public enum ModelName {
    public static func check(_ name: String) throws -> String {
        let bytes = Array(name.utf8)
        func plain(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        }
        guard let first = bytes.first, plain(first), bytes.count <= 64,
              bytes.allSatisfy({ plain($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }),
              !name.hasSuffix(".tmp")
        else {
            throw RPCError.invalidParams("name", "must match ^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$ and not end in .tmp")
        }
        return name
    }
}
