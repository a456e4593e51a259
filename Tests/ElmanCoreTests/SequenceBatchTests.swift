import ElmanCore
import Testing

/// The flat B × T × D batch: where a value sits, and the rows a part of every sequence keeps.
@Suite("SequenceBatch")
struct SequenceBatchTests {
    /// B = 2 sequences of T = 4 rows × D = 2 columns: value d of row t of sequence b is 100·b + 10·t + d.
    static let nested: [[[Float]]] = (0..<2).map { b in
        (0..<4).map { t in (0..<2).map { d in Float(100 * b + 10 * t + d) } }
    }
    static let batch = SequenceBatch(nested: nested, width: 2)

    @Test("value d of row t of sequence b is values[(b·T + t)·D + d]")
    func subscripts() {
        for b in 0..<2 {
            for t in 0..<4 {
                for d in 0..<2 { #expect(Self.batch[b, t, d] == Self.nested[b][t][d]) }
            }
        }
        #expect(Self.batch.nested == Self.nested)
    }

    @Test("rows, prefix and suffix keep those rows of every sequence", arguments: [0..<4, 1..<3, 0..<1, 3..<4, 2..<2])
    func rows(range: Range<Int>) {
        let part = Self.batch.rows(range)
        #expect(part.nested == Self.nested.map { Array($0[range]) })
        #expect(Self.batch.prefix(rows: range.count).nested == Self.nested.map { Array($0.prefix(range.count)) })
        #expect(Self.batch.suffix(rows: range.count).nested == Self.nested.map { Array($0.suffix(range.count)) })
        let one = SequenceBatch(nested: [Self.nested[1]], width: 2)
        #expect(one.rows(range).nested == [Array(Self.nested[1][range])])
    }
}
