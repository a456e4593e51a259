import ElmanJSON

/// `job.status` and `job.cancel`: `{job}`, one required job id and nothing else.
///
/// Like every params type, the initializer reads every member it knows and refuses the rest, so a request that
/// passes validation can be carried out without further checks.
public struct JobParams: Equatable, Sendable {
    public var job: String
    public init(_ params: JSONObject) throws { job = try ParamReader.onlyString("job", in: params) }
}

/// `job.wait`: `{job, timeout_ms?}`; no `timeout_ms` waits as long as the job runs.
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
