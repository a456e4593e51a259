import ElmanCore
import ElmanJSON
import ElmanProtocol

/// The methods of Protocol/PROTOCOL.md. Each validates its params completely before changing anything, so a
/// request that fails leaves the worker as it was. A nil result means the answer comes later (see `Waiter`).
extension Worker {
    func handle(_ method: Method, _ params: JSONObject, _ responder: Responder?) throws -> JSONValue? {
        if stopping, [.train, .backtest, .sweep, .modelSave, .modelLoad].contains(method) {
            throw RPCError.shuttingDown
        }
        switch method {
        case .ping:
            _ = try NoParams(params)
            return Acknowledgement.pong.json
        case .info:
            _ = try NoParams(params)
            return WorkerInfo(limits: limits).json
        case .train:
            return try startTraining(TrainParams(params, limits: limits), responder)
        case .jobStatus:
            return try job(JobParams(params).job).report().json
        case .jobWait:
            return try wait(WaitParams(params), responder)
        case .jobCancel:
            let job = try job(JobParams(params).job)
            cancel(job)
            return job.report().json
        case .jobList:
            _ = try NoParams(params)
            return JobList(jobs: jobs.all.map { $0.report(withLosses: false) }).json
        case .modelGet:
            let record = try models.record(ModelParams(params).model)
            return record.summary.json(stateDict: record.parameters.stateDict, weights: record.parameters.elman,
                                       naiveMAE: record.naiveMAE, scaler: record.scaler)
        case .modelList:
            _ = try NoParams(params)
            return ModelList(models: models.all.map(\.summary), saved: store?.names() ?? []).json
        case .modelDelete:
            let id = try ModelParams(params).model
            _ = try models.idle(id)
            models.remove(id)
            return Acknowledgement.deleted(model: id).json
        case .modelSave:
            let request = try SaveParams(params)
            let store = try requireStore(request.name)
            try store.save(try models.idle(request.model), as: request.name)
            return Acknowledgement.saved(model: request.model, name: request.name).json
        case .modelLoad:
            let request = try LoadParams(params)
            let store = try requireStore(request.name)
            try models.checkRoom()
            let saved = try store.load(request.name)
            let model = models.add(saved.parameters, epochsTrained: saved.epochsTrained, naiveMAE: saved.naiveMAE,
                                   scaler: saved.scaler)
            return model.summary.json(loadedFrom: request.name)
        case .predict:
            return try predict(PredictParams(params, limits: limits), responder)
        case .generate:
            return try generate(GenerateParams(params, limits: limits), responder)
        case .evaluate:
            return try evaluate(EvaluateParams(params, limits: limits), responder)
        case .gradientFlow:
            return try gradientFlow(GradientFlowParams(params, limits: limits), responder)
        case .backtest:
            return try startBacktest(BacktestParams(params, limits: limits), responder)
        case .sweep:
            return try startSweep(SweepParams(params, limits: limits), responder)
        case .shutdown:
            _ = try NoParams(params)
            beginShutdown(reason: "shutdown request")
            return Acknowledgement.stopping.json
        }
    }

    func job(_ id: String) throws -> Job {
        guard let job = jobs[id] else { throw RPCError.unknownJob(id) }
        return job
    }

    private func requireStore(_ name: ModelName) throws -> ModelStore {
        guard let store else { throw RPCError.storage(name: name.text, reason: "the worker has no --models folder") }
        return store
    }

    /// Input rows must be as wide as the network's input.
    func checkWidth(_ columns: Int, of network: NetworkDescription, param: String) throws {
        guard columns == network.inputSize else {
            throw RPCError.invalidParams(param, "has \(counted(columns, "column")); the model takes "
                + "\(network.inputSize)")
        }
    }

    /// Data scored against a model's outputs names as many target columns as it has outputs.
    func checkTargets(_ data: DataParam, of network: NetworkDescription, model: String) throws {
        guard data.targetColumns.count == network.outputSize else {
            throw RPCError.invalidParams("data.targets", "names \(counted(data.targetColumns.count, "column")); "
                + "\(model) gives \(network.outputSize) out (give the targets it was trained with)")
        }
    }
}
