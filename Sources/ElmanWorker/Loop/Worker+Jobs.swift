import ElmanCore
import ElmanJSON
import ElmanProtocol

/// Jobs from the loop's side: starting them, cancelling them, hearing from the training threads, and answering
/// the requests that wait for their end.
extension Worker {
    func startTraining(_ request: TrainParams, _ responder: Responder?) throws -> JSONValue? {
        guard jobs.activeCount < limits.maxJobs else {
            throw RPCError.limitExceeded("max_jobs", value: jobs.activeCount + 1, max: limits.maxJobs)
        }
        let model: ModelRecord
        switch request.source {
        case .existing(let id):
            model = try models.idle(id)
        case .random(let hiddenSize, let seed, let w1Std, let w2Std):
            try models.checkRoom()
            model = models.add(.random(hiddenSize: hiddenSize, seed: seed, w1Std: w1Std, w2Std: w2Std))
        case .explicit(let weights):
            try models.checkRoom()
            model = models.add(weights)
        }
        let job = jobs.create(model: model.id, epochs: request.options.epochs)
        models.update(model.id) { $0.trainingJob = job.id }
        runner.submit(TrainingWork(job: job.id, weights: model.weights, series: request.series,
                                   options: request.options, cancel: job.cancel))
        logger.debug("\(job.id) queued on \(model.id): \(request.options.epochs) epochs")
        guard request.wait, let responder else { return job.report().json }
        waiters.append(Waiter(responder: responder, job: job.id, deadline: nil, timeoutMs: 0))
        return nil
    }

    func wait(_ request: WaitParams, _ responder: Responder?) throws -> JSONValue? {
        let job = try job(request.job)
        if job.state.hasEnded { return job.report().json }
        if request.timeoutMs == 0 { throw RPCError.timeout(job: job.id, timeoutMs: 0) }
        guard let responder else { return nil }
        let deadline = request.timeoutMs.map { ContinuousClock.now.advanced(by: .milliseconds($0)) }
        waiters.append(Waiter(responder: responder, job: job.id, deadline: deadline, timeoutMs: request.timeoutMs ?? 0))
        return nil
    }

    /// A queued job ends cancelled at once; a running one is asked to stop before its next epoch.
    func cancel(_ job: Job) {
        guard !job.state.hasEnded else { return }
        if job.state == .queued, runner.removeQueued(job.id) {
            end(job, weights: nil, result: TrainingResult(losses: [], outcome: .cancelled, seconds: 0))
        } else {
            job.cancel.raise()
        }
    }

    func receive(_ event: TrainingEvent) {
        switch event {
        case .started(let id):
            jobs[id]?.state = .running
        case .progress(let id, let epoch, let losses):
            guard let job = jobs[id], !losses.isEmpty else { return }
            job.epoch = epoch + 1
            publish(.progress(JobProgress(job: id, epoch: epoch, losses: losses)))
        case .finished(let id, let weights, let result):
            guard let job = jobs[id] else { return }
            end(job, weights: weights, result: result)
        }
    }

    /// Records a job's end: the model gets its new weights (nil: unchanged) and is free again, the job is
    /// published, and every request waiting for it is answered.
    private func end(_ job: Job, weights: ElmanWeights?, result: TrainingResult) {
        job.finish(with: result)
        models.update(job.model) { record in
            if let weights { record.weights = weights }
            record.epochsTrained += result.losses.count
            record.trainingJob = nil
        }
        jobs.markEnded(job)
        logger.debug("\(job.id) \(job.state.rawValue) after \(job.epoch) epochs in \(result.seconds) s")
        let report = job.report()
        publish(.finished(report))
        let (ready, rest) = waiters.partitioned { $0.job == job.id }
        waiters = rest
        ready.forEach { respond($0.responder, .success(report.json)) }
    }

    /// Answers the waits whose deadline has passed with a timeout error; their jobs go on.
    func expireWaiters() {
        let now = ContinuousClock.now
        let (expired, rest) = waiters.partitioned { $0.deadline.map { $0 <= now } ?? false }
        guard !expired.isEmpty else { return }
        waiters = rest
        for waiter in expired {
            respond(waiter.responder, .failure(.timeout(job: waiter.job, timeoutMs: waiter.timeoutMs)))
        }
    }

    /// Publishes a job's notification under its id.
    private func publish(_ notification: JobNotification) {
        publish(job: notification.job, method: notification.method, params: notification.params)
    }
}

extension Array {
    /// The elements that satisfy `predicate` and those that do not, each in their original order.
    func partitioned(_ predicate: (Element) -> Bool) -> (matching: [Element], rest: [Element]) {
        var matching: [Element] = []
        var rest: [Element] = []
        for element in self {
            if predicate(element) { matching.append(element) } else { rest.append(element) }
        }
        return (matching, rest)
    }
}
