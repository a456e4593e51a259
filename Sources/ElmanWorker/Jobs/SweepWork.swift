import ElmanCore

/// A run of a sweep that ended on a training thread: its index in the sweep, its trained weights (only when they
/// become a model) and its result.
struct SweepRunEnd: Sendable {
    let run: Int
    let parameters: ModelParameters?
    let result: TrainingResult
}

/// One work item of a sweep job, run on a training thread: one run, trained exactly as a `train` job with the same
/// params (`TrainingWork.trainedOnItsPath`), or 2…8 runs that `laneKey` puts together, trained in SIMD lanes
/// (`trainInLanes`), which gives each the result of the seed's fast path alone, bit for bit. Either way every run's
/// result is its `train` job's. All share the job's cancel flag: once raised, training stops before the next epoch.
struct SweepWork: QueuedWork {
    let job: String
    let runs: [(index: Int, work: TrainingWork)]
    /// Whether the trained weights go back to the socket loop (`keep_models`).
    let keepWeights: Bool

    /// Posts `started`, then `runsEnded` with every run's result.
    func run(reportingTo mailbox: Mailbox) {
        mailbox.post(.started(job: job))
        let ended = runs.count > 1 ? trainedInLanes() : runs.map { run in
            let (trained, result, _, _) = run.work.trainedOnItsPath(progress: { _, _, _, _, _ in })
            return (trained, result)
        }
        mailbox.post(.runsEnded(job: job, runs: zip(runs, ended).map { run, ended in
            SweepRunEnd(run: run.index, parameters: keepWeights ? ended.0 : nil, result: ended.1)
        }))
    }

    private func trainedInLanes() -> [(ModelParameters, TrainingResult)] {
        let first = runs[0].work, options = first.fastPath!
        var weights = runs.map { $0.work.parameters.elman! }
        let results = trainInLanes(&weights, learningRates: runs.map { $0.work.fastPath!.learningRate },
                                   series: first.data.series!, epochs: options.epochs,
                                   isCancelled: { first.cancel.isRaised })
        return zip(weights, results).map { (ModelParameters($0), $1) }
    }

    /// What runs must share to train in lanes: the seed's fast path (`TrainParams.fastPathOptions`) with
    /// truncation 1 on a network of the seed's kind, one hidden size, one series, one number of epochs. Nil for a
    /// run that trains alone.
    struct LaneKey: Hashable {
        let hidden: Int
        let epochs: Int
        let series: [Float]

        init?(_ work: TrainingWork) {
            guard let options = work.fastPath, options.truncation == 1, let weights = work.parameters.elman,
                  let series = work.data.series else { return nil }
            hidden = weights.hiddenSize
            epochs = options.epochs
            self.series = series
        }
    }

    /// The work items of a sweep's runs, in run order as far as grouping allows: runs with one `LaneKey` in
    /// groups of up to `Block` width (8), each emitted once full or at the end, every other run alone.
    static func items(job: String, runs: [TrainingWork], keepWeights: Bool) -> [SweepWork] {
        let width = 8
        var items: [SweepWork] = [], open: [LaneKey: [(index: Int, work: TrainingWork)]] = [:], order: [LaneKey] = []
        for (index, work) in runs.enumerated() {
            guard let key = LaneKey(work) else {
                items.append(SweepWork(job: job, runs: [(index, work)], keepWeights: keepWeights))
                continue
            }
            if open[key] == nil { order.append(key) }
            open[key, default: []].append((index, work))
            if open[key]!.count == width {
                items.append(SweepWork(job: job, runs: open.removeValue(forKey: key)!, keepWeights: keepWeights))
                order.removeAll { $0 == key }
            }
        }
        for key in order { items.append(SweepWork(job: job, runs: open[key]!, keepWeights: keepWeights)) }
        return items
    }
}
