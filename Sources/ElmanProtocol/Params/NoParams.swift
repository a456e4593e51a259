import ElmanJSON

/// The params of `ping`, `info`, `job.list`, `model.list` and `shutdown`: none, and any member is refused as an
/// unknown parameter (`{}` or no `params` at all are the only valid forms).
public struct NoParams: Equatable, Sendable {
    public init(_ params: JSONObject) throws {
        try ParamReader(params).finish()
    }
}
