import ElmanCore
import ElmanJSON
import ElmanProtocol

/// A sweep job's runs on the socket loop (PROTOCOL.md, "sweep"): one entry per run, in run order, each `cancelled`
/// with no epoch until its run ends, so a run that a cancel took out of the queue reads as such at the end.
struct SweepState {
    private(set) var runs: [SweepRunReport]
    private(set) var done = 0
    let keepLosses: Bool
    /// With `keep_models`, each run's model and the naive scale of its data (`ModelRecord.naiveMAE`); empty
    /// otherwise.
    let models: [(id: String, naiveMAE: [Double])]

    init(swept: [JSONObject], keepLosses: Bool, models: [(id: String, naiveMAE: [Double])]) {
        runs = swept.enumerated().map { index, swept in
            SweepRunReport(swept: swept, state: .cancelled, finalLoss: nil, epochsRun: 0, divergedEpoch: nil,
                           losses: keepLosses ? [] : nil, model: models.isEmpty ? nil : models[index].id)
        }
        self.keepLosses = keepLosses
        self.models = models
    }

    /// Records the end of run `index`.
    mutating func record(_ index: Int, result: TrainingResult) {
        var run = runs[index]
        switch result.outcome {
        case .completed: run.state = .done
        case .cancelled: run.state = .cancelled
        case .diverged(let epoch):
            run.state = .diverged
            run.divergedEpoch = epoch
        }
        run.finalLoss = result.losses.last
        run.epochsRun = result.losses.count
        if keepLosses { run.losses = result.losses }
        runs[index] = run
        done += 1
    }

    /// The members the job object adds; the runs' entries only with `withResult`.
    func report(withResult: Bool) -> SweepReport {
        SweepReport(runs: runs.count, runsDone: done, result: withResult ? runs : nil)
    }
}
