/// Training data for a general network: B sequences of T rows × D columns, trained side by side as PyTorch's batch
/// dimension, and the target columns. Step t (0 ≤ t < T − 1) reads row t (all D columns) and is trained towards
/// row t + 1 restricted to `targets` (O = targets.count values).
///
/// Invariants: B ≥ 1, T ≥ 2, every row has D ≥ 1 values, every value finite, targets non-empty and each in 0..<D.
public struct TrainingSequences: Equatable, Sendable {
    public let sequences: [[[Float]]]
    public let targets: [Int]

    /// Throws `ElmanError.shape` for no sequence, unequal lengths, ragged rows or bad targets (naming which),
    /// `.seriesTooShort` for fewer than two rows, `.notFinite` naming the value.
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
                if let d = row.firstIndex(where: { !$0.isFinite }) {
                    throw ElmanError.notFinite("sequences[\(b)][\(t)][\(d)]")
                }
            }
        }
        guard !targets.isEmpty else { throw ElmanError.shape("targets: at least one column needed") }
        if let bad = targets.firstIndex(where: { !(0..<columns).contains($0) }) {
            throw ElmanError.shape("targets[\(bad)] = \(targets[bad]) is not a column (0…\(columns - 1))")
        }
        self.sequences = sequences
        self.targets = targets
    }

    /// One series of numbers as one sequence of one column predicting itself: the seed's data shape.
    public init(series: [Float]) throws {
        try self.init(sequences: [series.map { [$0] }], targets: [0])
    }

    /// The one sequence's one column, as `init(series:)` took it: the seed's data shape; nil for any other shape.
    public var series: [Float]? {
        guard sequences.count == 1, inputSize == 1, targets == [0] else { return nil }
        return sequences[0].map { $0[0] }
    }

    /// D.
    public var inputSize: Int { sequences[0][0].count }
    /// O.
    public var outputSize: Int { targets.count }
    /// T − 1, the steps of each epoch.
    public var steps: Int { sequences[0].count - 1 }

    /// B × (T − 1) × D: rows 0…T−2 of each sequence.
    public var inputs: [[[Float]]] { sequences.map { Array($0.dropLast()) } }

    /// B × (T − 1) × O: rows 1…T−1 of each sequence, restricted to `targets`.
    public var targetValues: [[[Float]]] { sequences.map { $0.dropFirst().map { row in targets.map { row[$0] } } } }
}
