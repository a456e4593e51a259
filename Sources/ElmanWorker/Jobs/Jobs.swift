import ElmanCore
import ElmanJSON
import ElmanProtocol

// Jobs/: training jobs and their life cycle — the job record (`Job`), the table of remembered jobs (`JobTable`),
// the training threads (`JobRunner`, `TrainingWork`, `ProgressThrottle`; jobs in parts: `WorkItems`,
// `BacktestWork`/`BacktestState`, `SweepWork`/`SweepState`, `Jobs+Sweep`) and the mailbox they report through
// (`Mailbox`, `TrainingEvent`). It may use Models/ (a job trains a model of the registry) and Platform/ (locks,
// wake-up pipes), never Loop/: what the socket loop says about a job (replies, notifications, waiting requests)
// is the loop's, told by what these functions return.

/// The worker's jobs: the ones it remembers, the threads that train them, and every change of a job's state.
///
/// Life cycle: `start` queues a job (`queued`) and marks its model as trained by it; a training thread takes it
/// (`running`), reports progress, and ends it (`done`, `cancelled` or `diverged`), or `cancel` ends a queued job at
/// once. At its end the model gets the trained weights and is free again, and the job joins the ended ones of the
/// table. Invariant: a model's `trainingJob` is set exactly while that job has not ended.
struct Jobs {
    var table: JobTable
    let runner: JobRunner
    /// The threads that compute large `predict`, `generate`, `evaluate` and `gradient_flow` requests
    /// (`InferenceWork`) off the socket loop, as many as the training threads, beside them.
    let inference: JobRunner
    /// Where training and inference threads post their events; the loop polls its wake-up pipe and hands each to
    /// `apply`.
    let mailbox = Mailbox()
    private let limits: Limits

    init(limits: Limits) {
        table = JobTable(keepFinished: limits.maxFinishedJobs)
        runner = JobRunner(threads: limits.trainingThreads, mailbox: mailbox, name: "elman-train")
        inference = JobRunner(threads: limits.trainingThreads, mailbox: mailbox, name: "elman-infer")
        self.limits = limits
    }

    var activeCount: Int { table.activeCount }

    /// All remembered jobs, oldest first.
    var all: [Job] { table.all }

    var active: [Job] { table.active }

    subscript(id: String) -> Job? { table[id] }

    /// Queues a job training the model `request` names (an idle existing one, or a new one from seeded random or
    /// explicit weights). Checks every limit before changing anything. `made` sees the job before a training thread
    /// can take it: what it sends leaves before the training competes for the cores.
    mutating func start(_ request: TrainParams, models: inout ModelRegistry, made: (Job) -> Void = { _ in }) throws
        -> Job
    {
        let existing = try request.source.existingModel.map { try models.idle($0) }
        if existing == nil { try models.checkRoom() }
        let (data, validation, scaler) = try prepared(request, existing: existing)
        let model = existing ?? models.add(ModelParameters(new: request.source)!, scaler: scaler)
        let job = table.create(model: model.id, epochs: request.options.epochs,
                               naiveMAE: ForecastMetrics.naiveMAE(request.data), validation: validation)
        if !request.record.isEmpty { job.records = TrainingRecords(request.record) }
        models.update(model.id) { $0.trainingJob = job.id }
        made(job)
        runner.submit(TrainingWork(job: job.id, parameters: model.parameters, data: data, validation: validation,
                                   options: request.options, fastPath: request.fastPathOptions, cancel: job.cancel,
                                   record: request.record, report: request.report, scaler: scaler,
                                   isBatch: request.isBatch))
        return job
    }

    /// Queues a backtest job (`BacktestParams`): with refit one work item per fold, trained from the same starting
    /// weights (the model's, for `model`, which stays free), largest first so that the training threads finish
    /// together; without, one item that trains once and forecasts every origin. No model is made.
    mutating func startBacktest(_ request: BacktestParams, models: ModelRegistry, made: (Job) -> Void) throws -> Job {
        let train = request.train, plan = request.plan
        let existing = try train.source.existingModel.map { try models.record($0) }
        try check(train, existing: existing)
        let parameters = existing?.parameters ?? ModelParameters(new: train.source)!
        let origins = plan.origins, fits = plan.refit ? origins.map { [$0] } : [origins]
        let job = table.create(model: nil, epochs: train.options.epochs * fits.count, naiveMAE: nil)
        job.items = WorkItems(pending: fits.count)
        job.backtest = BacktestState(plan: plan)
        made(job)
        for group in fits.reversed() {
            runner.submit(BacktestWork(
                job: job.id, parameters: parameters, rows: train.data.sequences[0], plan: plan, origins: group,
                options: train.options, fastPath: train.fastPathOptions, scaler: train.scaler?.kind, cancel: job.cancel))
        }
        return job
    }

    /// A job's data and validation in its model's units, and the scaler of its model, after the checks of `check`:
    /// what `train` and each run of a sweep do before anything changes.
    func prepared(_ request: TrainParams, existing: ModelRecord?) throws
        -> (data: TrainingSequences, validation: Validation?, scaler: Scaler?)
    {
        try check(request, existing: existing)
        let scaler = existing?.scaler ?? request.scaler
        if let existing, let scaler, scaler.targets != request.data.targets {
            throw RPCError.invalidParams("data.targets", "model \(existing.id) predicts columns \(scaler.targets), "
                + "the targets its scaler was fitted for")
        }
        let data = try Self.scaled(request.data, by: scaler, param: "data")
        let validation = try request.validation.map {
            Validation(data: try Self.scaled($0.data, by: scaler, param: "validation"), earlyStopping: $0.earlyStopping)
        }
        return (data, validation, scaler)
    }

    /// The checks of a new job before anything changes: room for it, the data fitting an existing model, the
    /// network's training limits, the memory it would take (`MemoryEstimate.training`, on the path it will train).
    private func check(_ request: TrainParams, existing: ModelRecord?) throws {
        guard table.activeCount < limits.maxJobs else {
            throw RPCError.limitExceeded("max_jobs", value: table.activeCount + 1, max: limits.maxJobs)
        }
        let network = existing?.parameters.network ?? request.source.network!
        if let existing {
            guard network.inputSize == request.data.inputSize, network.outputSize == request.data.outputSize else {
                throw RPCError.invalidParams("data", "has \(counted(request.data.inputSize, "column")) in and "
                    + "\(counted(request.data.outputSize, "target")); model \(existing.id) takes \(network.inputSize) "
                    + "in and gives \(network.outputSize) out")
            }
        }
        try TrainingLimits.check(network, data: request.data, validation: request.validation?.data,
                                 truncation: request.options.truncation, onFastPath: request.fastPathOptions != nil,
                                 limits: limits)
        let bytes = MemoryEstimate.training(
            network, data: request.data, validation: request.validation?.data, truncation: request.options.truncation,
            onSeedPath: request.fastPathOptions != nil && network.isElman)
        try MemoryEstimate.check(bytes, limits: limits)
    }

    /// `data` in the scaler's units (unchanged without one); -32602 naming `param` if a value leaves float32.
    private static func scaled(_ data: TrainingSequences, by scaler: Scaler?, param: String) throws
        -> TrainingSequences
    {
        guard let scaler else { return data }
        guard let scaled = scaler.scaled(data) else {
            throw RPCError.invalidParams(param, "leaves float32's range once scaled by the model's scaler")
        }
        return scaled
    }

    /// A queued job ends cancelled at once, and is returned; a running one is asked to stop before its next epoch
    /// (its end comes later, through the mailbox), and nil is returned, as for a job that has already ended.
    mutating func cancel(_ job: Job, models: inout ModelRegistry) -> Job? {
        guard !job.state.hasEnded else { return nil }
        if job.items != nil {
            job.cancel.raise()
            job.items!.pending -= runner.removeQueued(job.id)
            guard job.items!.pending == 0 else { return nil }
            endItems(job, models: &models)
            return job
        }
        if job.state == .queued, runner.removeQueued(job.id) > 0 {
            end(job, parameters: nil, result: TrainingResult(losses: [], outcome: .cancelled, seconds: 0),
                validation: nil, models: &models)
            return job
        }
        job.cancel.raise()
        return nil
    }

    /// What a thread's event changed, for the loop to tell: a progress report, a job's end, an inference's answer.
    enum Change {
        case progress(JobProgress)
        case parts(PartsProgress)
        case ended(Job)
        case inferred(ticket: String, answer: InferenceAnswer)
    }

    /// Records a training thread's event; nil when there is nothing to tell (a start, or a job already forgotten).
    mutating func apply(_ event: TrainingEvent, models: inout ModelRegistry) -> Change? {
        switch event {
        case .started(let id):
            table[id]?.state = .running
            return nil
        case .progress(let progress):
            guard let job = table[progress.job] else { return nil }
            job.epoch = progress.epoch + 1
            return .progress(progress)
        case .finished(let id, let parameters, let result, let validation, let records):
            guard let job = table[id] else { return nil }
            if let records { job.records = records }
            end(job, parameters: parameters, result: result, validation: validation, models: &models)
            return .ended(job)
        case .foldsEnded(let id, let folds, let epochs, let seconds):
            guard let job = table[id], job.backtest != nil else { return nil }
            job.backtest!.record(folds)
            return itemEnded(job, epochs: epochs, seconds: seconds, models: &models) {
                .parts(PartsProgress(job: id, part: .folds, done: job.backtest!.done.count,
                                     total: job.backtest!.plan.origins.count))
            }
        case .inferred(let ticket, let answer):
            return .inferred(ticket: ticket, answer: answer)
        case .runsEnded(let id, let runs):
            guard let job = table[id], job.sweep != nil else { return nil }
            for run in runs {
                job.sweep!.record(run.run, result: run.result)
                if let model = job.sweep!.models.isEmpty ? nil : job.sweep!.models[run.run] {
                    models.finishTraining(model.id, parameters: run.parameters, epochs: run.result.losses.count,
                                          naiveMAE: model.naiveMAE)
                }
            }
            return itemEnded(job, epochs: runs.reduce(0) { $0 + $1.result.losses.count },
                             seconds: runs.reduce(0) { $0 + $1.result.seconds }, models: &models) {
                .parts(PartsProgress(job: id, part: .runs, done: job.sweep!.done, total: job.sweep!.runs.count))
            }
        }
    }

    /// Counts the end of one of `job`'s work items: the job's end when it was the last, otherwise `progress` when
    /// the rate limit admits a notification, else nothing.
    private mutating func itemEnded(_ job: Job, epochs: Int, seconds: Double, models: inout ModelRegistry,
                                    progress: () -> Change) -> Change? {
        job.items!.record(epochs: epochs, seconds: seconds)
        job.epoch = job.items!.epochs
        if job.items!.pending == 0 {
            endItems(job, models: &models)
            return .ended(job)
        }
        return job.items!.admitsProgress() ? progress() : nil
    }

    /// Lets the training threads finish the job in hand, the inference threads what is queued, and returns once
    /// they have all stopped. Idempotent.
    func stop() {
        runner.stop()
        inference.stop()
    }

    /// Records the end of a job trained in work items, once none is queued or running; a sweep's kept models whose
    /// runs never started are free again, with their starting weights.
    private mutating func endItems(_ job: Job, models: inout ModelRegistry) {
        job.finishItems()
        for model in job.sweep?.models ?? [] {
            models.update(model.id) { if $0.trainingJob == job.id { $0.trainingJob = nil } }
        }
        table.markEnded(job)
    }

    /// Records a job's end: the model gets its new weights (nil: unchanged) and is free again.
    private mutating func end(_ job: Job, parameters: ModelParameters?, result: TrainingResult,
                              validation: ValidationResult?, models: inout ModelRegistry) {
        job.finish(with: result, validation: validation)
        models.finishTraining(job.model!, parameters: parameters, epochs: result.losses.count, naiveMAE: job.naiveMAE)
        table.markEnded(job)
    }
}
