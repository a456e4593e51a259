/// B sequences of T rows × D columns, held flat: value d of row t of sequence b is `values[(b·T + t)·D + d]`, so
/// each sequence is one contiguous run of T·D values and, for D = 1, a sequence is its column. This is how a binary
/// frame brings a series and how inference reads and writes one, so a 10⁶-point series is one `[Float]`, never 10⁶
/// rows.
///
/// Invariants: B ≥ 1, T ≥ 0, D ≥ 1, `values.count` = B·T·D.
public struct SequenceBatch: Equatable, Sendable {
    /// B.
    public let count: Int
    /// T, the rows of each sequence.
    public let length: Int
    /// D, the values of each row.
    public let width: Int
    /// B·T·D values, sequence after sequence, row after row.
    public let values: [Float]

    public init(count: Int, length: Int, width: Int, values: [Float]) {
        precondition(count >= 1 && length >= 0 && width >= 1, "B ≥ 1 sequences of T ≥ 0 rows of D ≥ 1 values")
        precondition(values.count == count * length * width,
                     "\(values.count) values do not fill \(count) × \(length) × \(width)")
        (self.count, self.length, self.width, self.values) = (count, length, width, values)
    }

    /// One sequence of one column.
    public init(series: [Float]) { self.init(count: 1, length: series.count, width: 1, values: series) }

    /// The nested form, B × T × D (every sequence as long, every row as wide; `width` is used when there are no
    /// rows).
    public init(nested sequences: [[[Float]]], width: Int) {
        let length = sequences.first?.count ?? 0
        precondition(sequences.allSatisfy { $0.count == length && $0.allSatisfy { $0.count == width } },
                     "sequences of one length, rows of one width")
        self.init(count: sequences.count, length: length, width: width, values: Array(sequences.joined().joined()))
    }

    /// Sequence b's T·D values, row after row.
    public func sequence(_ b: Int) -> ArraySlice<Float> { values[b * length * width ..< (b + 1) * length * width] }

    /// Row t of sequence b.
    public func row(_ t: Int, of b: Int) -> ArraySlice<Float> {
        values[(b * length + t) * width ..< (b * length + t + 1) * width]
    }

    /// The first `rows` rows of every sequence (`rows` ≤ T); no copy when they are all of them or B = 1.
    public func prefix(rows: Int) -> SequenceBatch {
        precondition(0 <= rows && rows <= length, "a prefix of 0…\(length) rows")
        if rows == length { return self }
        let kept = rows * width
        let values = count == 1 ? Array(self.values.prefix(kept))
            : (0..<count).flatMap { b in sequence(b).prefix(kept) }
        return SequenceBatch(count: count, length: rows, width: width, values: values)
    }

    /// B × T × D as nested arrays: a copy with one array per row, for the code that walks rows.
    public var nested: [[[Float]]] {
        (0..<count).map { b in (0..<length).map { t in Array(row(t, of: b)) } }
    }
}
