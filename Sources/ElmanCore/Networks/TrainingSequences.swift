/// Training data for a general network: B sequences of T rows × D columns, trained side by side as PyTorch's batch
/// dimension, and the target columns. Step t (0 ≤ t < T − 1) reads row t (all D columns) and is trained towards
/// row t + 1 restricted to `targets` (O = targets.count values).
///
/// The values are held flat (`batch`), as a binary frame brings them: the trainers copy them from there and the
/// seed's fast path takes a one-column series as it is (`series`). The nested views (`sequences`, `inputs`,
/// `targetValues`) are copies for the code that walks rows (the reference path, tests).
///
/// Invariants: B ≥ 1, T ≥ 2, D ≥ 1, every value finite, targets non-empty and each in 0..<D.
public struct TrainingSequences: Equatable, Sendable {
    /// B × T × D.
    public let batch: SequenceBatch
    public let targets: [Int]

    /// Throws `ElmanError.seriesTooShort` for fewer than two rows, `.notFinite` naming the first value that is not
    /// finite as `sequences[b][t][d]`, `.shape` for bad targets (naming which): the errors `init(sequences:targets:)`
    /// throws for the same values in nested form.
    public init(_ batch: SequenceBatch, targets: [Int]) throws {
        guard batch.length >= 2 else { throw ElmanError.seriesTooShort(batch.length) }
        if let index = batch.values.firstIndex(where: { !$0.isFinite }) {
            let (row, d) = index.quotientAndRemainder(dividingBy: batch.width)
            let (b, t) = row.quotientAndRemainder(dividingBy: batch.length)
            throw ElmanError.notFinite(Self.name(b, t, d))
        }
        try Self.check(targets, columns: batch.width)
        self.batch = batch
        self.targets = targets
    }

    /// Throws `ElmanError.shape` for no sequence, unequal lengths, ragged rows or bad targets (naming which),
    /// `.seriesTooShort` for fewer than two rows, `.notFinite` naming the value; the first of these in the order of
    /// the rows.
    public init(sequences: [[[Float]]], targets: [Int]) throws {
        guard let first = sequences.first else { throw ElmanError.shape("sequences: at least one sequence needed") }
        guard first.count >= 2 else { throw ElmanError.seriesTooShort(first.count) }
        let columns = first[0].count
        guard columns >= 1 else { throw ElmanError.shape("sequences[0][0]: a row needs at least one value") }
        for (b, sequence) in sequences.enumerated() {
            guard sequence.count == first.count else {
                throw ElmanError.shape("sequences[\(b)] has \(sequence.count) rows, sequences[0] has \(first.count)")
            }
            for (t, row) in sequence.enumerated() {
                guard row.count == columns else {
                    throw ElmanError.shape("sequences[\(b)][\(t)] has \(row.count) values, expected \(columns)")
                }
                // Checked here too, so that a value before a ragged row is the error named, as it comes first.
                if let d = row.firstIndex(where: { !$0.isFinite }) { throw ElmanError.notFinite(Self.name(b, t, d)) }
            }
        }
        try self.init(SequenceBatch(nested: sequences, width: columns), targets: targets)
    }

    /// One series of numbers as one sequence of one column predicting itself: the seed's data shape.
    public init(series: [Float]) throws {
        try self.init(SequenceBatch(series: series), targets: [0])
    }

    /// The one sequence's one column, as `init(series:)` took it (the values themselves, no copy): the seed's data
    /// shape; nil for any other shape.
    public var series: [Float]? {
        guard batch.count == 1, batch.width == 1, targets == [0] else { return nil }
        return batch.values
    }

    /// D.
    public var inputSize: Int { batch.width }
    /// O.
    public var outputSize: Int { targets.count }
    /// T − 1, the steps of each epoch.
    public var steps: Int { batch.length - 1 }

    /// B × T × D as nested arrays (a copy).
    public var sequences: [[[Float]]] { batch.nested }

    /// B × (T − 1) × D: rows 0…T−2 of each sequence, as nested arrays (a copy).
    public var inputs: [[[Float]]] { batch.prefix(rows: steps).nested }

    /// B × (T − 1) × O: rows 1…T−1 of each sequence, restricted to `targets`, as nested arrays (a copy).
    public var targetValues: [[[Float]]] {
        (0..<batch.count).map { b in (1..<batch.length).map { t in targets.map { batch[b, t, $0] } } }
    }

    /// Throws `ElmanError.shape` unless `targets` is a non-empty list of columns (each in 0..<columns).
    private static func check(_ targets: [Int], columns: Int) throws {
        guard !targets.isEmpty else { throw ElmanError.shape("targets: at least one column needed") }
        if let bad = targets.firstIndex(where: { !(0..<columns).contains($0) }) {
            throw ElmanError.shape("targets[\(bad)] = \(targets[bad]) is not a column (0…\(columns - 1))")
        }
    }

    /// How a value is named in errors: `sequences[b][t][d]`.
    private static func name(_ b: Int, _ t: Int, _ d: Int) -> String { "sequences[\(b)][\(t)][\(d)]" }
}
