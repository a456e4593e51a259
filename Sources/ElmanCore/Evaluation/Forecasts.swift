/// The forecasts `evaluate` and `backtest` score, for one sequence of rows (each D values).
public enum Forecasts {
    /// Teacher-forced one-step forecasts: output t follows rows 0…t from zero states and forecasts row t + 1
    /// (t = 0 … T − 2), as `predict` computes them.
    public static func oneStep(_ runner: StepRunner, rows: [[Float]]) -> [[Float]] {
        var runner = runner
        return rows.dropLast().map { runner.step($0) }
    }

    /// Free-running forecasts from every origin in `origins` (each 1 ≤ t ≤ T − horizon, ascending): teacher-forced
    /// over rows `start(t)`…t − 1 from zero states, then the output fed back as the next input, so forecasts[i][k]
    /// (k = 0 … horizon − 1) forecasts row origins[i] + k. `start` defaults to row 0 for every origin; when
    /// starts do not move, one pass over the rows serves every origin.
    public static func freeRunning(
        _ runner: StepRunner, rows: [[Float]], origins: [Int], horizon: Int, start: (Int) -> Int = { _ in 0 }
    ) -> [[[Float]]] {
        var forecasts: [[[Float]]] = []
        forecasts.reserveCapacity(origins.count)
        var running = runner, read = 0, first = 0, last: [Float] = []
        for origin in origins {
            precondition(origin >= 1 && origin + horizon <= rows.count, "origin \(origin) leaves no forecast")
            precondition(start(origin) < origin, "a forecast needs a row before its origin")
            if start(origin) != first || read > origin {
                (running, read, first) = (runner, start(origin), start(origin))
            }
            while read < origin {
                last = running.step(rows[read])
                read += 1
            }
            forecasts.append(running.freeRun(from: last, steps: horizon))
        }
        return forecasts
    }
}
