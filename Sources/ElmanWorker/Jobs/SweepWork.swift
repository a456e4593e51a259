import ElmanCore

/// A run of a sweep that ended on a training thread: its index in the sweep, its trained weights (only when they
/// become a model) and its result.
struct SweepRunEnd: Sendable {
    let run: Int
    let parameters: ModelParameters?
    let result: TrainingResult
}

/// One work item of a sweep job, run on a training thread: some of its runs, each trained exactly as a `train` job
/// with the same params (`TrainingWork.trainedOnItsPath`), so its result is that job's bit for bit. All share the
/// job's cancel flag: once it is raised the run in hand stops before its next epoch and the rest end at once.
struct SweepWork: QueuedWork {
    let job: String
    let runs: [(index: Int, work: TrainingWork)]
    /// Whether the trained weights go back to the socket loop (`keep_models`).
    let keepWeights: Bool

    /// Posts `started`, then `runsEnded` with every run's result.
    func run(reportingTo mailbox: Mailbox) {
        mailbox.post(.started(job: job))
        let ended = runs.map { run in
            let (trained, result, _) = run.work.trainedOnItsPath(progress: { _, _, _ in })
            return SweepRunEnd(run: run.index, parameters: keepWeights ? trained : nil, result: result)
        }
        mailbox.post(.runsEnded(job: job, runs: ended))
    }
}
