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

    /// Value d of row t of sequence b.
    public subscript(b: Int, t: Int, d: Int) -> Float { values[(b * length + t) * width + d] }

    /// Rows `range` of every sequence (`range` within 0…T); no copy when they are all of them.
    public func rows(_ range: Range<Int>) -> SequenceBatch {
        precondition(0 <= range.lowerBound && range.upperBound <= length, "rows within 0…\(length)")
        if range == 0..<length { return self }
        let skipped = range.lowerBound * width, kept = range.count * width
        let values = count == 1 ? Array(self.values[skipped..<skipped + kept])
            : (0..<count).flatMap { b in sequence(b).dropFirst(skipped).prefix(kept) }
        return SequenceBatch(count: count, length: range.count, width: width, values: values)
    }

    /// The first `rows` rows of every sequence (`rows` ≤ T).
    public func prefix(rows: Int) -> SequenceBatch { self.rows(0..<rows) }

    /// The last `rows` rows of every sequence (`rows` ≤ T).
    public func suffix(rows: Int) -> SequenceBatch { self.rows(length - rows..<length) }

    /// B × T × D as nested arrays: a copy with one array per row, for the code that walks rows.
    public var nested: [[[Float]]] {
        (0..<count).map { b in (0..<length).map { t in Array(row(t, of: b)) } }
    }
}
