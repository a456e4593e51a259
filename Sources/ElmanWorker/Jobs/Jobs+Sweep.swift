import ElmanCore
import ElmanProtocol

extension Jobs {
    /// Queues a sweep job (`SweepParams`): its runs, each prepared as a `train` job with its params would be
    /// (`prepared`, `TrainingWork`), as work items of one run or of up to 8 trained in SIMD lanes (`SweepWork`), so
    /// every run's result is that job's bit for bit. Every run passes `train`'s checks, and with `keep_models` there
    /// is room for a model per run, before anything changes. With `keep_models` each run's model is made now (ids
    /// in run order), marked as trained by the sweep, and gets its weights when its run ends; without, no model is
    /// made.
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
        let work = runs.map { run in
            TrainingWork(job: job.id, parameters: run.parameters, data: run.data, validation: run.validation,
                         options: run.run.params.options, fastPath: run.run.params.fastPathOptions, cancel: job.cancel)
        }
        let items = SweepWork.items(job: job.id, runs: work, keepWeights: request.keepModels)
        job.items = WorkItems(pending: items.count)
        job.sweep = SweepState(swept: runs.map(\.run.swept), keepLosses: request.losses, models: kept)
        made(job)
        items.forEach(runner.submit)
        return job
    }
}
