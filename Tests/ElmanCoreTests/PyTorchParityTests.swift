import ElmanCore
import Testing

/// Both trainers against PyTorch (torch_elman.py) from the same initial weights: epoch losses, final weights,
/// predictions and generation within 1e-4.
@Suite("Parity with PyTorch fixtures")
struct PyTorchParityTests {
    static let tolerance: Float = 1e-4

    @Test("Series.sine reproduces numpy's sin(linspace) rounded to float32", arguments: Fixture.names)
    func series(name: String) throws {
        let fixture = try Fixture.load(name)
        #expect(Series.sine(points: fixture.points) == fixture.series)
    }

    @Test("fast path trains like PyTorch", arguments: Fixture.names)
    func fastTraining(name: String) throws {
        let fixture = try Fixture.load(name)
        var weights = try fixture.initialWeights()
        let result = train(&weights, series: fixture.series, options: fixture.options)
        try expectMatches(fixture, result: result, weights: weights)
        let inputs = Array(fixture.series.dropLast())
        #expect(maxAbsDifference(predict(weights, inputs: inputs), fixture.predictions) < Self.tolerance)
        #expect(maxAbsDifference(generate(weights, prime: fixture.prime, steps: fixture.generated.count),
                                 fixture.generated) < Self.tolerance)
    }

    @Test("reference path trains like PyTorch", arguments: Fixture.names)
    func referenceTraining(name: String) throws {
        let fixture = try Fixture.load(name)
        var weights = try fixture.initialWeights()
        let result = ReferenceElman.train(&weights, series: fixture.series, options: fixture.options)
        try expectMatches(fixture, result: result, weights: weights)
        let inputs = Array(fixture.series.dropLast())
        #expect(maxAbsDifference(ReferenceElman.predict(weights, inputs: inputs), fixture.predictions) < Self.tolerance)
        #expect(maxAbsDifference(ReferenceElman.generate(weights, prime: fixture.prime, steps: fixture.generated.count),
                                 fixture.generated) < Self.tolerance)
    }

    private func expectMatches(_ fixture: Fixture, result: TrainingResult, weights: ElmanWeights) throws {
        #expect(result.outcome == .completed)
        try #require(result.losses.count == fixture.epochs)
        #expect(maxAbsDifference(result.losses, fixture.losses) < Self.tolerance)
        #expect(maxAbsDifference(weights.w1, fixture.finalW1) < Self.tolerance)
        #expect(maxAbsDifference(weights.w2, fixture.finalW2) < Self.tolerance)
    }
}
