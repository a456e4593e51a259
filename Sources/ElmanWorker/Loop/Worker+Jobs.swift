import ElmanCore
import ElmanJSON
import ElmanProtocol

/// Jobs from the loop's side: what it says when a job starts, reports progress or ends (replies and
/// notifications), and the requests that wait for a job's end. The jobs' life cycle itself is `Jobs`'.
extension Worker {
    func startTraining(_ request: TrainParams, _ responder: Responder?) throws -> JSONValue? {
        try startJob(wait: request.wait, notify: request.notify, responder) { made in
            try jobs.start(request, models: &models, made: made)
        }
    }

    func startBacktest(_ request: BacktestParams, _ responder: Responder?) throws -> JSONValue? {
        try startJob(wait: request.train.wait, notify: request.train.notify, responder) { made in
            try jobs.startBacktest(request, models: models, made: made)
        }
    }

    func startSweep(_ request: SweepParams, _ responder: Responder?) throws -> JSONValue? {
        try startJob(wait: request.wait, notify: request.notify, responder) { made in
            try jobs.startSweep(request, models: &models, made: made)
        }
    }

    /// Starts a job with `start`, and answers as `train` does: the job at once, or with `wait` when it ends; with
    /// `notify` the requesting peer follows it.
    private func startJob(wait: Bool, notify: Bool, _ responder: Responder?,
                          start: (_ made: (Job) -> Void) throws -> Job) throws -> JSONValue? {
        if notify, let responder, responder.reply.envelope.count != 1 {
            throw RPCError.invalidParams("notify", "a REQ socket cannot take messages besides its reply; use a DEALER")
        }
        let follower = notify ? responder?.reply.envelope : nil
        let job = try start { job in
            guard let follower else { return }
            followers[job.id] = follower
            tell(follower, .accepted(job.report()))
        }
        logger.debug("\(job.id) queued on \(job.model ?? "new weights"): \(job.epochs) epochs")
        guard wait, let responder else { return job.report().json }
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
        if let ended = jobs.cancel(job, models: &models) { announceEnd(of: ended) }
    }

    func receive(_ event: TrainingEvent) {
        switch jobs.apply(event, models: &models) {
        case .progress(let progress)?:
            publish(.progress(progress))
        case .parts(let progress)?:
            publish(.parts(progress))
        case .ended(let job)?:
            announceEnd(of: job)
        case .inferred(let ticket, let answer)?:
            answerInference(ticket, answer)
        case nil:
            break
        }
    }

    /// Tells of a job that has ended: it is published, and every request waiting for it is answered.
    private func announceEnd(of job: Job) {
        logger.debug("\(job.id) \(job.state.rawValue) after \(job.epoch) epochs in \(job.seconds) s")
        let report = job.report()
        followers[job.id] = nil  // its reply, the ended job, follows
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
