import ElmanCore
import ElmanProtocol

extension Jobs {
    /// Queues a sweep job (`SweepParams`): one work item per run, in run order, each prepared and trained exactly
    /// as a `train` job with its params would be (`prepared`, `TrainingWork`), so every run's result is that job's
    /// bit for bit. Every run passes `train`'s checks, and with `keep_models` there is room for a model per run,
    /// before anything changes. With `keep_models` each run's model is made now (ids in run order), marked as
    /// trained by the sweep, and gets its weights when its run ends; without, no model is made.
    mutating func startSweep(_ request: SweepParams, models: inout ModelRegistry, made: (Job) -> Void) throws -> Job {
        if request.keepModels { try models.checkRoom(for: request.runs.count) }
        let runs = try request.runs.map { run in
            let (data, validation, scaler) = try prepared(run.params, existing: nil)
            return (run: run, parameters: ModelParameters(new: run.params.source)!, data: data,
                    validation: validation, scaler: scaler)
        }
        let job = table.create(model: nil, epochs: runs.reduce(0) { $0 + $1.run.params.options.epochs },
                               naiveMAE: nil)
        let kept: [(id: String, naiveMAE: [Double])] = !request.keepModels ? [] : runs.map { run in
            let model = models.add(run.parameters, scaler: run.scaler)
            models.update(model.id) { $0.trainingJob = job.id }
            return (id: model.id, naiveMAE: ForecastMetrics.naiveMAE(run.run.params.data))
        }
        job.items = WorkItems(pending: runs.count)
        job.sweep = SweepState(swept: runs.map(\.run.swept), keepLosses: request.losses, models: kept)
        made(job)
        for (index, run) in runs.enumerated() {
            let params = run.run.params
            let work = TrainingWork(job: job.id, parameters: run.parameters, data: run.data, validation: run.validation,
                                    options: params.options, fastPath: params.fastPathOptions, cancel: job.cancel)
            runner.submit(SweepWork(job: job.id, runs: [(index, work)], keepWeights: request.keepModels))
        }
        return job
    }
}
