import ElmanCore
import ElmanJSON

/// The `data` parameter (PROTOCOL.md, "data"): exactly one of
///
/// - `{"sine": {start, stop, points}}`: the seed's sine, one sequence of one column;
/// - `{"series": [numbers] | [[row], …]}`: one sequence, of one column or of T rows × D columns;
/// - `{"sequences": [series, …]}`: B sequences of one length T and one width D, each numbers or rows;
///
/// and, beside `series` or `sequences`, an optional `"targets": [column indices]` (distinct, each < D, default
/// every column). Absent `data` means the seed's sine. Any list of numbers or of rows may be a tensor instead
/// (a buffer placeholder's), which means the nested list of its shape.
///
/// Invariants of the result: B ≥ 1, every sequence has `minRows` ≤ T ≤ max_series_length rows of D values,
/// 1 ≤ D ≤ max_columns, B ≤ max_sequences, every value a finite float32. The values are held flat
/// (`SequenceBatch`), read in one pass from the JSON lists or taken as they are from a tensor.
public struct DataParam: Equatable, Sendable {
    /// B × T × D.
    public var batch: SequenceBatch
    /// The target columns given, or nil for every column.
    public var targets: [Int]?
    /// Whether the data came as `sequences` (results then have one entry per sequence).
    public var isBatch: Bool

    public var columns: Int { batch.width }
    /// The target columns, every column when none were given.
    public var targetColumns: [Int] { targets ?? Array(0..<columns) }

    public init(batch: SequenceBatch, targets: [Int]?, isBatch: Bool) {
        self.batch = batch
        self.targets = targets
        self.isBatch = isBatch
    }

    /// The seed's sine (`Series.sine()`), as absent `data` means.
    public static var seedSine: DataParam { DataParam(series: Series.sine()) }

    /// One sequence of one column.
    public init(series: [Float]) { self.init(batch: SequenceBatch(series: series), targets: nil, isBatch: false) }

    /// Reads the member `member` (`data`, or another member of the same forms) from `reader`, nil when absent.
    /// Sequences need at least `minRows` rows.
    static func read(_ reader: inout ParamReader, member: String = "data", minRows: Int, limits: Limits) throws
        -> DataParam?
    {
        guard let members = try reader.object(member) else { return nil }
        let path = reader.path(member)
        let kinds = ["sine", "series", "sequences"].filter { members[$0] != nil }
        let others = members.keys.filter { !["sine", "series", "sequences", "targets"].contains($0) }
        if kinds.isEmpty, let unknown = others.first {
            throw RPCError.invalidParams("\(path).\(unknown)", "unknown kind of data; use sine, series or sequences")
        }
        guard kinds.count == 1 else {
            throw RPCError.invalidParams(path, "must have exactly one of sine, series or sequences")
        }
        var inner = ParamReader(members, path: path)
        var data: DataParam
        if let sine = try inner.object("sine") {
            if inner.has("targets") {
                throw RPCError.invalidParams(inner.path("targets"), "not allowed with sine (it has one column)")
            }
            data = DataParam(series: try Self.sine(sine, path: inner.path("sine"), limits: limits))
        } else if let series = inner.value("series") {
            let sequence = try Self.sequence(series, at: inner.path("series"), minRows: minRows, limits: limits)
            data = DataParam(batch: sequence, targets: nil, isBatch: false)
        } else {
            let value = inner.value("sequences")!
            data = try Self.batch(value, at: inner.path("sequences"), minRows: minRows, limits: limits)
        }
        if let targets = inner.value("targets") {
            data.targets = try Self.targets(targets, at: inner.path("targets"), columns: data.columns)
        }
        try inner.finish()
        return data
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

    /// A series as one sequence: numbers (T rows of one column) or rows of D numbers, every row as wide as the
    /// first; a tensor of one or two dimensions means the same and is taken as it is.
    static func sequence(_ value: JSONValue, at path: String, minRows: Int, limits: Limits) throws -> SequenceBatch {
        if case .tensor(let tensor) = value, tensor.rank == 1 {
            return SequenceBatch(series: try ParamReader.floats(value, at: path, minCount: minRows,
                                                                limit: ("max_series_length", limits.maxSeriesLength)))
        }
        if case .tensor(let tensor) = value, tensor.rank == 2, tensor.shape[1] >= 1 {
            try checkRows(tensor.shape[0], width: tensor.shape[1], at: path, minRows: minRows, limits: limits)
            return SequenceBatch(count: 1, length: tensor.shape[0], width: tensor.shape[1],
                                 values: try ParamReader.finite(tensor, at: path))
        }
        guard let elements = value.arrayValue else {
            throw RPCError.invalidParams(path, "must be an array of numbers or of rows")
        }
        guard let first = elements.first?.arrayValue else {
            return SequenceBatch(series: try ParamReader.floats(value, at: path, minCount: minRows,
                                                                limit: ("max_series_length", limits.maxSeriesLength)))
        }
        let width = first.count
        try checkRows(elements.count, width: width, at: path, minRows: minRows, limits: limits)
        var values: [Float] = []
        values.reserveCapacity(elements.count * width)
        for (index, element) in elements.enumerated() {
            let rowPath = "\(path)[\(index)]"
            guard element.count == width else {
                throw RPCError.invalidParams(rowPath, "must be a row of \(counted(width, "number")) like row 0")
            }
            if case .tensor(let row) = element, row.rank == 1 {
                values += try ParamReader.finite(row, at: rowPath)
            } else {
                try ParamReader.appendFloat32s(element.arrayValue!, at: rowPath, to: &values)
            }
        }
        return SequenceBatch(count: 1, length: elements.count, width: width, values: values)
    }

    /// `count` rows of `width` numbers are within the limits and at least `minRows`.
    private static func checkRows(_ count: Int, width: Int, at path: String, minRows: Int, limits: Limits) throws {
        guard count <= limits.maxSeriesLength else {
            throw RPCError.limitExceeded("max_series_length", value: count, max: limits.maxSeriesLength)
        }
        guard count >= minRows else {
            throw RPCError.invalidParams(path, "needs at least \(counted(minRows, "row")), got \(count)")
        }
        guard width >= 1 else { throw RPCError.invalidParams("\(path)[0]", "a row needs at least one number") }
        guard width <= limits.maxColumns else {
            throw RPCError.limitExceeded("max_columns", value: width, max: limits.maxColumns)
        }
    }

    private static func batch(_ value: JSONValue, at path: String, minRows: Int, limits: Limits) throws -> DataParam {
        guard let count = value.count, count > 0 else {
            throw RPCError.invalidParams(path, "must be a non-empty array of series")
        }
        guard count <= limits.maxSequences else {
            throw RPCError.limitExceeded("max_sequences", value: count, max: limits.maxSequences)
        }
        if let whole = try wholeBatch(value, at: path, minRows: minRows, limits: limits) {
            return DataParam(batch: whole, targets: nil, isBatch: true)
        }
        let sequences = try value.arrayValue!.enumerated().map { index, element in
            try sequence(element, at: "\(path)[\(index)]", minRows: minRows, limits: limits)
        }
        let length = sequences[0].length, width = sequences[0].width
        if let index = sequences.firstIndex(where: { $0.length != length || $0.width != width }) {
            throw RPCError.invalidParams("\(path)[\(index)]", "has \(counted(sequences[index].length, "row")) of "
                + "\(counted(sequences[index].width, "column")); sequences[0] has \(length) of \(width)")
        }
        return DataParam(batch: SequenceBatch(count: count, length: length, width: width,
                                              values: sequences.flatMap(\.values)),
                         targets: nil, isBatch: true)
    }

    /// A tensor of B sequences (B × T for one column, B × T × D) taken as it is when its sizes are within the
    /// limits; nil for anything else, which is read sequence by sequence (and refused there, with the same errors).
    /// A value that is not finite is named as the nested list would name it (`data.sequences[1][3][0]`).
    private static func wholeBatch(_ value: JSONValue, at path: String, minRows: Int, limits: Limits) throws
        -> SequenceBatch?
    {
        guard case .tensor(let tensor) = value, tensor.rank == 2 || tensor.rank == 3 else { return nil }
        let length = tensor.shape[1], width = tensor.rank == 3 ? tensor.shape[2] : 1
        guard minRows <= length, length <= limits.maxSeriesLength, 1 <= width, width <= limits.maxColumns else {
            return nil
        }
        return SequenceBatch(count: tensor.shape[0], length: length, width: width,
                             values: try ParamReader.finite(tensor, at: path))
    }

    private static func targets(_ value: JSONValue, at path: String, columns: Int) throws -> [Int] {
        guard case .array(let elements) = value, !elements.isEmpty else {
            throw RPCError.invalidParams(path, "must be a non-empty array of column indices")
        }
        var seen = Set<Int>()
        return try elements.enumerated().map { index, element in
            guard case .number(let number) = element, let column = SafeInteger.exact(number),
                  (0..<columns).contains(column)
            else {
                throw RPCError.invalidParams("\(path)[\(index)]", "must be a column index from 0 to \(columns - 1)")
            }
            guard seen.insert(column).inserted else {
                throw RPCError.invalidParams("\(path)[\(index)]", "column \(column) is already a target")
            }
            return column
        }
    }
}
