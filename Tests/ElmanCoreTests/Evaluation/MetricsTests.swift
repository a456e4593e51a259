import ElmanCore
import Testing

@Suite("Forecast metrics")
struct MetricsTests {
    @Test("MAE, RMSE, sMAPE and MASE per column, against values worked out by hand")
    func byHand() {
        var sums = MetricsAccumulator(columns: 2)
        // Column 0: errors 1, 0, 0 (the last pair is 0 and 0: sMAPE adds 0). Column 1: errors 2, 1, 3.
        sums.add(actual: [1, -1], forecast: [2, 1])
        sums.add(actual: [2, 4], forecast: [2, 3])
        sums.add(actual: [0, 1], forecast: [0, -2])
        let metrics = sums.metrics(naiveMAE: [0.5, 0])
        #expect(sums.count == 3)
        #expect(metrics.mae == [1.0 / 3, 2])
        #expect(metrics.rmse == [(1.0 / 3).squareRoot(), (14.0 / 3).squareRoot()])
        // 2|y − ŷ| / (|y| + |ŷ|): column 0: 2/3 + 0 + 0; column 1: 4/2 + 2/7 + 6/3.
        #expect(abs(metrics.smape[0] - 2.0 / 9) < 1e-15)
        #expect(abs(metrics.smape[1] - (2 + 2.0 / 7 + 2) / 3) < 1e-15)
        // A zero scale has no MASE, nor does a missing one.
        #expect(metrics.mase == [2.0 / 3, nil])
        #expect(sums.metrics(naiveMAE: nil).mase == [nil, nil])
    }

    @Test("the naive scale is the mean |y_t − y_{t−1}| of each target column over every sequence")
    func naiveScale() throws {
        let data = try TrainingSequences(
            sequences: [[[0, 5, 1], [1, 5, 3], [3, 5, 0]], [[2, 0, 0], [2, 1, 0], [0, 1, 4]]], targets: [2, 0])
        // Column 2: |3 − 1|, |0 − 3|, |0 − 0|, |4 − 0| → 9/4; column 0: 1, 2, 0, 2 → 5/4.
        #expect(ForecastMetrics.naiveMAE(data) == [9.0 / 4, 5.0 / 4])
    }

    @Test("the mean of fold metrics is element-wise; one missing MASE makes the mean's missing")
    func mean() {
        let a = ForecastMetrics(mae: [1, 2], rmse: [2, 4], smape: [0.5, 1], mase: [1, nil])
        let b = ForecastMetrics(mae: [3, 4], rmse: [4, 8], smape: [1.5, 0], mase: [3, 2])
        #expect(ForecastMetrics.mean([a, b])
            == ForecastMetrics(mae: [2, 3], rmse: [3, 6], smape: [1, 0.5], mase: [2, nil]))
    }
}

@Suite("Forecasts for evaluation")
struct ForecastsTests {
    @Test("one-step forecasts are predict's; free-running ones are generate's from each origin's prefix")
    func seedPath() {
        let weights = ElmanWeights.random(hiddenSize: 5, seed: 3), series = Series.sine(points: 15)
        let rows = series.map { [$0] }
        #expect(Forecasts.oneStep(StepRunner(weights), rows: rows).map { $0[0] }
            == predict(weights, inputs: Array(series.dropLast())))
        let origins = [1, 4, 5, 11], forecasts = Forecasts.freeRunning(StepRunner(weights), rows: rows,
                                                                         origins: origins, horizon: 4)
        for (origin, forecast) in zip(origins, forecasts) {
            #expect(forecast.map { $0[0] } == generate(weights, prime: Array(series[0..<origin]), steps: 4))
        }
        let sliding = Forecasts.freeRunning(StepRunner(weights), rows: rows, origins: origins, horizon: 2,
                                            start: { max(0, $0 - 3) })
        for (origin, forecast) in zip(origins, sliding) {
            let prime = Array(series[max(0, origin - 3)..<origin])
            #expect(forecast.map { $0[0] } == generate(weights, prime: prime, steps: 2))
        }
    }

    @Test("for general networks, free-running forecasts are NetworkInference.generate's, one-step ones its predict's")
    func generalNetworks() throws {
        let network = try NetworkDescription(cell: .lstm, inputSize: 2, hiddenSize: 3, outputSize: 2)
        let parameters = StateDict<Float>.pytorchDefault(network, seed: 4)
        let rows = Series.sine(points: 9).enumerated().map { t, x in [x, Float(t) / 9] }
        let inference = NetworkInference(parameters)
        let forecasts = Forecasts.freeRunning(StepRunner(parameters), rows: rows, origins: [2, 6], horizon: 3)
        #expect(forecasts == [2, 6].map { origin in
            inference.generate(prime: SequenceBatch(nested: [Array(rows[0..<origin])], width: 2), steps: 3).nested[0]
        })
        #expect(Forecasts.oneStep(StepRunner(parameters), rows: rows)
            == inference.predict(SequenceBatch(nested: [Array(rows.dropLast())], width: 2)).nested[0])
    }
}
