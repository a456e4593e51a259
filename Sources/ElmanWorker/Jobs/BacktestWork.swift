import ElmanCore

/// One work item of a backtest job, run on a training thread: trains a copy of the starting weights on the rows
/// before its first origin (`BacktestPlan.trainingRows`), then forecasts free-running from each of its origins
/// (one with refit, every origin without) and scores the forecasts. It reads no row at or after an origin except
/// to score that origin's forecast.
struct BacktestWork: QueuedWork {
    let job: String
    let parameters: ModelParameters
    /// The whole series, T × D.
    let rows: [[Float]]
    let plan: BacktestPlan
    let origins: [Int]
    let options: NetworkTrainingOptions
    let fastPath: TrainingOptions?
    let cancel: CancelFlag

    /// Posts `started`, then `foldsEnded` with the scored folds, or with none when the job was cancelled during
    /// the training.
    func run(reportingTo mailbox: Mailbox) {
        mailbox.post(.started(job: job))
        let training = plan.trainingRows(origins[0])
        let data = try! TrainingSequences(sequences: [Array(rows[training])], targets: Array(0..<rows[0].count))
        let (trained, result) = parameters.trained(on: data, options: options, fastPath: fastPath,
                                                   isCancelled: { cancel.isRaised })
        let folds = result.outcome == .cancelled ? [] : BacktestFold.forecast(
            trained.runner, rows: rows, origins: origins, plan: plan, training: training, result: result)
        mailbox.post(.foldsEnded(job: job, folds: folds, epochs: result.losses.count, seconds: result.seconds))
    }
}
