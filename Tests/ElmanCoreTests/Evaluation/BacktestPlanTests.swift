import ElmanCore
import Testing

@Suite("Backtest plans")
struct BacktestPlanTests {
    @Test("origins step from initial while a whole horizon fits; windows end before their origin")
    func origins() {
        let plan = BacktestPlan(rows: 30, initial: 10, step: 4, horizon: 3, window: .sliding, refit: true)
        #expect(plan.origins == [10, 14, 18, 22, 26])
        #expect(BacktestPlan.foldCount(rows: 30, initial: 10, step: 4, horizon: 3) == plan.origins.count)
        #expect(BacktestPlan.foldCount(rows: 30, initial: 28, step: 1, horizon: 3) == 0)
        #expect(BacktestPlan.foldCount(rows: 30, initial: 27, step: 9, horizon: 3) == 1)
        #expect(plan.trainingRows(18) == 8..<18 && plan.windowStart(18) == 8)
        let expanding = BacktestPlan(rows: 30, initial: 10, step: 4, horizon: 3, window: .expanding, refit: true)
        #expect(expanding.trainingRows(18) == 0..<18 && expanding.windowStart(18) == 0)
        let once = BacktestPlan(rows: 30, initial: 10, step: 4, horizon: 3, window: .sliding, refit: false)
        #expect(once.trainingRows(26) == 0..<10 && once.windowStart(26) == 16)
    }

    @Test("a fold's forecast reads no row at or after its origin; its metrics score the rows it forecasts")
    func noFuture() {
        let weights = ElmanWeights.random(hiddenSize: 4, seed: 2)
        let rows = Series.sine(points: 20).map { [$0] }
        var changed = rows
        for t in 12..<20 { changed[t] = [Float(t)] }
        let plan = BacktestPlan(rows: 20, initial: 8, step: 4, horizon: 3, window: .expanding, refit: false)
        let result = TrainingResult(losses: [1], outcome: .completed, seconds: 0)
        let before = BacktestFold.forecast(StepRunner(weights), rows: rows, origins: plan.origins, plan: plan,
                                           training: 0..<8, result: result)
        let after = BacktestFold.forecast(StepRunner(weights), rows: changed, origins: plan.origins, plan: plan,
                                          training: 0..<8, result: result)
        #expect(before.map(\.origin) == [8, 12, 16])
        #expect(before[0] == after[0] && before[1].forecast == after[1].forecast)
        #expect(before[1].metrics != after[1].metrics && before[2].forecast != after[2].forecast)
        var sums = MetricsAccumulator(columns: 1)
        for k in 0..<3 { sums.add(actual: rows[8 + k], forecast: before[0].forecast[k]) }
        #expect(before[0].metrics == sums.metrics(naiveMAE: ForecastMetrics.naiveMAE(
            try! TrainingSequences(series: rows[0..<8].map { $0[0] }))))
    }
}
