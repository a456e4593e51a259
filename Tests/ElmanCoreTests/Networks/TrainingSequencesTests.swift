import ElmanCore
import Testing

/// Training data held flat: built from a `SequenceBatch` it is the data built from the same nested rows, its nested
/// views are those rows, and bad values are refused with the nested form's errors.
@Suite("TrainingSequences: flat and nested")
struct TrainingSequencesTests {
    /// B = 2 sequences of T = 3 rows × D = 2 columns: value d of row t of sequence b is 100·b + 10·t + d.
    static let nested: [[[Float]]] = (0..<2).map { b in
        (0..<3).map { t in (0..<2).map { d in Float(100 * b + 10 * t + d) } }
    }
    static let batch = SequenceBatch(nested: nested, width: 2)

    /// The error `body` throws, nil when it throws none.
    static func error(_ body: () throws -> TrainingSequences) -> ElmanError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? ElmanError
        }
    }

    @Test("from a batch it equals the data from the same nested rows, and its views are those rows")
    func flatEqualsNested() throws {
        let flat = try TrainingSequences(Self.batch, targets: [1])
        #expect(flat == (try TrainingSequences(sequences: Self.nested, targets: [1])))
        #expect(flat != (try TrainingSequences(sequences: Self.nested, targets: [0])))
        #expect(flat.sequences == Self.nested)
        #expect(flat.inputs == Self.nested.map { Array($0.prefix(2)) })
        #expect(flat.targetValues == [[[11], [21]], [[111], [121]]])
        #expect((flat.inputSize, flat.outputSize, flat.steps) == (2, 1, 2))
        #expect(flat.series == nil)
    }

    @Test("a series is its one column, the values themselves")
    func series() throws {
        let values: [Float] = [3, 1, 4, 1, 5]
        let data = try TrainingSequences(series: values)
        #expect(data.series == values)
        #expect(data == (try TrainingSequences(sequences: [values.map { [$0] }], targets: [0])))
        #expect(data.batch == SequenceBatch(series: values))
    }

    @Test("too short, a value not finite at [b][t][d], bad targets: the same error flat and nested",
          arguments: [
              (1, 0, 1, 0, [0]), (1, 1, 1, .nan, [0]), (2, 1, 2, .infinity, [0]),
              (2, 3, 2, 0, []), (2, 3, 2, 0, [0, 2]), (2, 3, 2, 0, [-1]),
          ] as [(Int, Int, Int, Float, [Int])])
    func sameErrors(count: Int, length: Int, width: Int, last: Float, targets: [Int]) {
        var values = (0..<count * length * width).map(Float.init)
        if !values.isEmpty { values[values.count - 1] = last }
        let batch = SequenceBatch(count: count, length: length, width: width, values: values)
        let flat = Self.error { try TrainingSequences(batch, targets: targets) }
        #expect(flat != nil)
        #expect(flat == Self.error { try TrainingSequences(sequences: batch.nested, targets: targets) })
    }

    @Test("a value not finite is named by its sequence, row and column, the first in the order of the rows",
          arguments: [(0, 0, 0), (0, 2, 1), (1, 0, 1), (1, 2, 0)])
    func notFiniteNamed(b: Int, t: Int, d: Int) {
        var nested = Self.nested
        nested[b][t][d] = -.infinity
        if b == 0 { nested[1][2][1] = .nan }
        let batch = SequenceBatch(nested: nested, width: 2)
        let want = ElmanError.notFinite("sequences[\(b)][\(t)][\(d)]")
        #expect(Self.error { try TrainingSequences(batch, targets: [0]) } == want)
        #expect(Self.error { try TrainingSequences(sequences: nested, targets: [0]) } == want)
    }

    @Test("nested rows: a value not finite before a ragged row or sequence is the error, one after it is not")
    func nestedOrder() {
        let nan: [Float] = [.nan, 0]
        #expect(Self.error { try TrainingSequences(sequences: [[[0, 0], nan, [0]]], targets: [0]) }
            == .notFinite("sequences[0][1][0]"))
        #expect(Self.error { try TrainingSequences(sequences: [[[0, 0], [0], nan]], targets: [0]) }
            == .shape("sequences[0][1] has 1 values, expected 2"))
        #expect(Self.error { try TrainingSequences(sequences: [[[0, 0], nan], [[0, 0]]], targets: [0]) }
            == .notFinite("sequences[0][1][0]"))
    }
}
