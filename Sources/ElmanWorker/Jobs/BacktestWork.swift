import ElmanCore

/// One work item of a backtest job, run on a training thread: trains a copy of the starting weights on the rows
/// before its first origin (`BacktestPlan.trainingRows`), then forecasts free-running from each of its origins
/// (one with refit, every origin without) and scores the forecasts. It reads no row at or after an origin except
/// to score that origin's forecast. With a `scaler` kind, each fit fits its own scaler on its training rows, trains
/// in scaled units and forecasts in the data's (as a model trained with `scaler` predicts).
struct BacktestWork: QueuedWork {
    let job: String
    let parameters: ModelParameters
    /// The whole series, T × D.
    let rows: [[Float]]
    let plan: BacktestPlan
    let origins: [Int]
    let options: NetworkTrainingOptions
    let fastPath: TrainingOptions?
    let scaler: Scaler.Kind?
    let cancel: CancelFlag

    /// Posts `started`, then `foldsEnded` with the scored folds, or with none when the job was cancelled during
    /// the training.
    func run(reportingTo mailbox: Mailbox) {
        mailbox.post(.started(job: job))
        let training = plan.trainingRows(origins[0])
        let data = try! TrainingSequences(sequences: [Array(rows[training])], targets: Array(0..<rows[0].count))
        // A fitted scaler keeps every finite value finite unless the rows span most of float32's range; such a
        // fit trains unscaled.
        let fitted = scaler.map { Scaler(fitting: $0, to: data) }.flatMap { $0.scaled(data) == nil ? nil : $0 }
        let (trained, result) = parameters.trained(on: fitted?.scaled(data) ?? data, options: options,
                                                   fastPath: fastPath, isCancelled: { cancel.isRaised })
        var runner = trained.runner
        runner.scaler = fitted
        let folds = result.outcome == .cancelled ? [] : BacktestFold.forecast(
            runner, rows: rows, origins: origins, plan: plan, training: training, result: result)
        mailbox.post(.foldsEnded(job: job, folds: folds, epochs: result.losses.count, seconds: result.seconds))
    }
}
