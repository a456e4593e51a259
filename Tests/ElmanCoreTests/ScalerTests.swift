import ElmanCore
import Testing

/// The per-column scaler: what it fits, constant columns, and that unscaling inverts scaling.
@Suite("Scaler")
struct ScalerTests {
    static let data = try! TrainingSequences(
        sequences: [[[1, 5, -2], [3, 5, 0]], [[5, 5, 4], [7, 5, 2]]], targets: [2, 0])

    @Test("standard: mean and population deviation per column over every sequence; a constant column scales by 1")
    func standard() {
        let scaler = Scaler(fitting: .standard, to: Self.data)
        #expect(scaler.offset == [4, 5, 1])
        #expect(scaler.scale == [Double(5).squareRoot(), 1, Double(5).squareRoot()])
        #expect(scaler.targets == [2, 0])
        let scaled = scaler.scaled(Self.data)!
        #expect(scaled.sequences[0][0] == [Float(-3 / Double(5).squareRoot()), 0, Float(-3 / Double(5).squareRoot())])
    }

    @Test("minmax: the fitted data spans [0, 1] in every varying column")
    func minmax() {
        let scaler = Scaler(fitting: .minmax, to: Self.data)
        #expect(scaler.offset == [1, 5, -2] && scaler.scale == [6, 1, 6])
        let values = scaler.scaled(Self.data)!.sequences.joined()
        #expect(values.map { $0[0] }.min() == 0 && values.map { $0[0] }.max() == 1)
        #expect(values.allSatisfy { $0[1] == 0 })
    }

    @Test("the fit sums over the rows in order, sequence after sequence: the row-by-row formula's bits")
    func fitOrder() throws {
        var generator = SeededGenerator(seed: 11)
        let sequences = (0..<3).map { _ in
            (0..<500).map { _ in (0..<2).map { _ in Float(generator.nextNormal(mean: 3, std: 7)) } }
        }
        let data = try TrainingSequences(sequences: sequences, targets: [1])
        let rows = sequences.joined()
        for column in 0..<2 {
            let values = rows.map { Double($0[column]) }, n = Double(values.count)
            let mean = values.reduce(0, +) / n
            let deviation = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
            let standard = Scaler(fitting: .standard, to: data), minmax = Scaler(fitting: .minmax, to: data)
            #expect(standard.offset[column] == mean && standard.scale[column] == deviation)
            #expect(minmax.offset[column] == values.min()! && minmax.scale[column] == values.max()! - values.min()!)
        }
    }

    @Test("outputs of target columns come back in the data's units")
    func unscaling() {
        let scaler = Scaler(fitting: .standard, to: Self.data)
        let scaled = scaler.scaled(Self.data)!.targetValues.joined()
        let back = scaler.unscaledOutputs(Array(scaled))!
        let want = Array(Self.data.targetValues.joined())
        // Scaled values are rounded to float32 on the way: the round trip is exact to that rounding.
        #expect(zip(back.joined(), want.joined()).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) })
    }

    @Test("values pushed out of float32's range are refused, not turned into infinities")
    func overflow() {
        let tiny = Scaler(kind: .standard, offset: [0], scale: [1e-40], targets: [0])!
        #expect(tiny.scaled([[Float.greatestFiniteMagnitude]]) == nil)
        #expect(tiny.unscaledOutputs([[1]]) == [[Float(1e-40)]])
        let huge = Scaler(kind: .minmax, offset: [0], scale: [1e38], targets: [0])!
        #expect(huge.unscaledOutputs([[10]]) == nil)
        #expect(Scaler(kind: .minmax, offset: [0], scale: [0], targets: [0]) == nil)
    }
}
