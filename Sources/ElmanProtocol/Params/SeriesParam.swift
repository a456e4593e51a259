import ElmanCore
import ElmanJSON

/// The `data` parameter: `{"sine": {start, stop, points}}` or `{"series": [...]}`; absent means the seed's sine.
enum SeriesParam {
    static func read(_ reader: inout ParamReader, limits: Limits) throws -> [Float] {
        guard let data = try reader.object("data") else { return Series.sine() }
        guard data.count == 1, let kind = data.keys.first else {
            throw RPCError.invalidParams(reader.path("data"), "must have exactly one member, sine or series")
        }
        var inner = ParamReader(data, path: reader.path("data"))
        // The one member is looked up by name (by code points, as every member is), not matched as a Swift
        // string, which would take a canonically equivalent spelling for it.
        let values: [Float]
        if let sineMembers = try inner.object("sine") {
            values = try sine(sineMembers, path: inner.path("sine"), limits: limits)
        } else if let series = try inner.floats("series", minCount: 2,
                                                limit: ("max_series_length", limits.maxSeriesLength)) {
            values = series
        } else {
            throw RPCError.invalidParams(inner.path(kind), "unknown kind of data; use sine or series")
        }
        try inner.finish()
        return values
    }

    private static func sine(_ members: JSONObject, path: String, limits: Limits) throws -> [Float] {
        var reader = ParamReader(members, path: path)
        let start = try reader.double("start") ?? Series.seedSine.start
        let stop = try reader.double("stop") ?? Series.seedSine.stop
        let points = try reader.int("points", minimum: 2) ?? Series.seedSine.points
        try reader.finish()
        guard points <= limits.maxSeriesLength else {
            throw RPCError.limitExceeded("max_series_length", value: points, max: limits.maxSeriesLength)
        }
        return Series.sine(start: start, stop: stop, points: points)
    }
}
