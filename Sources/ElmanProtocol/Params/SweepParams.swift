import ElmanJSON

/// `sweep` (PROTOCOL.md): many `train` runs as one job. Params `{"base", "grid", "configs", "keep_models", "losses",
/// "wait", "notify"}`, every one optional.
///
/// The runs: for each config (`configs[c]`, or one empty config without `configs`), for each point of the grid's
/// cartesian product (one empty point without `grid`), the params `base` ← config ← point (later members replace
/// earlier ones). Grid points come in the order the grid's members are given, the last member varying fastest:
/// `{"lr": [a, b], "seed": [0, 1]}` gives (a, 0), (a, 1), (b, 0), (b, 1). So run r is config r / P, point r % P
/// for P grid points, and there are max(1, C) × P runs, at most `max_runs` (else -32004).
///
/// Each run's params are validated exactly as `train`'s (`TrainParams`); a run that `train` would refuse refuses the
/// whole sweep with its error, the member renamed to where it came from: `grid.<name>[i]` for a grid value,
/// `configs[c].<member>` for a config's, `base.<member>` otherwise. `model`, `wait`, `notify`, `record` and `report`
/// are refused inside `base`, `grid` and `configs` (every run starts a new model; waiting is the sweep's; runs record
/// nothing per epoch), and a member both swept by
/// `grid` and given by a config is refused as ambiguous.
public struct SweepParams: Equatable, Sendable {
    /// One run: its validated params and the members it sweeps (the config's, then the grid point's).
    public struct Run: Equatable, Sendable {
        public var params: TrainParams
        public var swept: JSONObject
    }

    public var runs: [Run]
    /// Whether each run's trained weights become a model (`max_models` applies to all of them at once).
    public var keepModels: Bool
    /// Whether each run's entry carries the loss of every epoch.
    public var losses: Bool
    public var wait: Bool
    /// With `wait`: the requesting peer follows the job on its own connection, as with `train`.
    public var notify: Bool

    /// Members a run may not set: they belong to the sweep itself or would share one model between runs.
    /// Members no run may have: a run starts a new model, the sweep waits and notifies, and runs report no
    /// per-epoch records or snapshots (a run's progress is only counted in `job.runs`).
    static let notPerRun = ["model", "wait", "notify", "record", "report"]

    public init(_ params: JSONObject, limits: Limits) throws {
        var reader = ParamReader(params)
        let base = try reader.object("base") ?? [:]
        let grid = try reader.object("grid") ?? [:]
        let configs = try Self.configs(reader.value("configs"))
        keepModels = try reader.bool("keep_models") ?? false
        losses = try reader.bool("losses") ?? false
        wait = try reader.bool("wait") ?? false
        notify = try reader.bool("notify") ?? false
        try reader.finish()
        if notify && !wait {
            throw RPCError.invalidParams("notify", "needs wait: true (without it the reply already comes at once)")
        }
        try Self.refuseNotPerRun(base, path: "base")
        let axes = try Self.axes(grid)
        for (index, config) in configs.enumerated() {
            let path = "configs[\(index)]"
            try Self.refuseNotPerRun(config, path: path)
            for key in config.keys where grid[key] != nil {
                throw RPCError.invalidParams("\(path).\(key)", "is also swept by grid.\(key)")
            }
        }
        let points = try Self.runCount(configs: configs.count, axes: axes, limits: limits)
        runs = []
        runs.reserveCapacity(points * max(1, configs.count))
        for (index, config) in (configs.isEmpty ? [[:]] : configs).enumerated() {
            for point in 0..<points {
                runs.append(try Self.run(base: base, config: config, configIndex: configs.isEmpty ? nil : index,
                                         axes: axes, point: point, previous: runs.last, limits: limits))
            }
        }
    }

    /// The grid's members in order, each a name and its non-empty list of values.
    private static func axes(_ grid: JSONObject) throws -> [(name: String, values: [JSONValue])] {
        try grid.map { name, value in
            guard case .array(let values) = value, !values.isEmpty else {
                throw RPCError.invalidParams("grid.\(name)", "must be a non-empty array of values")
            }
            if notPerRun.contains(name) {
                throw RPCError.invalidParams("grid.\(name)", "cannot be swept (every run starts a new model; "
                    + "wait and notify are the sweep's; runs record nothing per epoch)")
            }
            return (name, values)
        }
    }

    private static func configs(_ value: JSONValue?) throws -> [JSONObject] {
        guard let value else { return [] }
        guard case .array(let elements) = value else {
            throw RPCError.invalidParams("configs", "must be an array of objects (partial train params)")
        }
        return try elements.enumerated().map { index, element in
            guard case .object(let config) = element else {
                throw RPCError.invalidParams("configs[\(index)]", "must be an object (partial train params)")
            }
            return config
        }
    }

    private static func refuseNotPerRun(_ members: JSONObject, path: String) throws {
        for name in notPerRun where members[name] != nil {
            throw RPCError.invalidParams("\(path).\(name)", "not allowed in a sweep (every run starts a new model; "
                + "wait and notify are the sweep's; runs record nothing per epoch)")
        }
    }

    /// The grid's point count P, after checking that max(1, C) × P is within `max_runs` (without overflowing).
    private static func runCount(configs: Int, axes: [(name: String, values: [JSONValue])], limits: Limits) throws
        -> Int
    {
        var count = max(1, configs)
        for axis in axes {
            let (product, overflow) = count.multipliedReportingOverflow(by: axis.values.count)
            count = overflow ? Int.max : product
        }
        guard count <= limits.maxRuns else {
            throw RPCError.limitExceeded("max_runs", value: count, max: limits.maxRuns)
        }
        return count / max(1, configs)
    }

    /// Run `point` of one config: its params merged and validated as `train`'s. When its data equals the previous
    /// run's, it shares the previous run's storage, so a swept series is held once, not once per run.
    private static func run(base: JSONObject, config: JSONObject, configIndex: Int?,
                            axes: [(name: String, values: [JSONValue])], point: Int, previous: Run?,
                            limits: Limits) throws -> Run {
        var merged = base, swept = config, origin: [String: String] = [:]
        for (key, value) in config {
            merged[key] = value
            origin[key] = "configs[\(configIndex!)].\(key)"
        }
        var rest = point
        for axis in axes.reversed() {
            let index = rest % axis.values.count
            rest /= axis.values.count
            merged[axis.name] = axis.values[index]
            origin[axis.name] = "grid.\(axis.name)[\(index)]"
        }
        for axis in axes { swept[axis.name] = merged[axis.name] }
        do {
            var params = try TrainParams(merged, limits: limits)
            if let previous, previous.params.data == params.data { params.data = previous.params.data }
            return Run(params: params, swept: swept)
        } catch let error as RPCError {
            throw relocated(error, origin: origin)
        }
    }

    /// `error` with its `param` renamed to where the member came from (see the type's comment).
    private static func relocated(_ error: RPCError, origin: [String: String]) -> RPCError {
        guard error.code == -32602, case .string(let param)? = error.data["param"],
              case .string(let reason)? = error.data["reason"] else { return error }
        let member = String(param.prefix { $0 != "." && $0 != "[" })
        let place = origin[member] ?? "base.\(member)"
        return RPCError.invalidParams(place + param.dropFirst(member.count), reason)
    }
}
