import ElmanCore
import ElmanJSON
import ElmanProtocol

/// The methods of Protocol/PROTOCOL.md. Each validates its params completely before changing anything, so a
/// request that fails leaves the worker as it was. A nil result means the answer comes later (see `Waiter`).
extension Worker {
    func handle(_ method: Method, _ params: JSONObject, _ responder: Responder?) throws -> JSONValue? {
        if stopping, [.train, .modelSave, .modelLoad].contains(method) { throw RPCError.shuttingDown }
        switch method {
        case .ping:
            _ = try NoParams(params)
            return ["pong": true]
        case .info:
            _ = try NoParams(params)
            return .object([
                "protocol": .number(Double(ProtocolVersion.number)), "version": .string(ProtocolVersion.software),
                "methods": .array(Method.allCases.map { .string($0.rawValue) }),
                "limits": limits.json, "defaults": TrainParams.defaultsJSON,
            ])
        case .train:
            return try startTraining(TrainParams(params, limits: limits), responder)
        case .jobStatus:
            return try job(JobParams(params).job).json()
        case .jobWait:
            return try wait(WaitParams(params), responder)
        case .jobCancel:
            let job = try job(JobParams(params).job)
            cancel(job)
            return job.json()
        case .jobList:
            _ = try NoParams(params)
            return ["jobs": .array(jobs.all.map { $0.json(withLosses: false) })]
        case .modelGet:
            let record = try models.record(ModelParams(params).model)
            var summary = record.summary
            summary["weights"] = WeightsCoding.json(record.weights)
            return .object(summary)
        case .modelList:
            _ = try NoParams(params)
            return ["models": .array(models.all.map { .object($0.summary) }),
                    "saved": .array((store?.names() ?? []).map(JSONValue.string))]
        case .modelDelete:
            let id = try ModelParams(params).model
            _ = try models.idle(id)
            models.remove(id)
            return ["deleted": .string(id)]
        case .modelSave:
            let request = try SaveParams(params)
            let store = try requireStore(request.name)
            try store.save(try models.idle(request.model), as: request.name)
            return ["model": .string(request.model), "name": .string(request.name.text)]
        case .modelLoad:
            let request = try LoadParams(params)
            let store = try requireStore(request.name)
            try models.checkRoom()
            let saved = try store.load(request.name)
            var summary = models.add(saved.weights, epochsTrained: saved.epochsTrained).summary
            summary["name"] = .string(request.name.text)
            return .object(summary)
        case .predict:
            let request = try PredictParams(params, limits: limits)
            let weights = try models.record(request.model).weights
            try checkInference(steps: request.inputs.count, hiddenSize: weights.hiddenSize)
            return ["predictions": .array(predict(weights, inputs: request.inputs).map(JSONValue.float))]
        case .generate:
            let request = try GenerateParams(params, limits: limits)
            let weights = try models.record(request.model).weights
            try checkInference(steps: request.prime.count + request.steps, hiddenSize: weights.hiddenSize)
            let values = generate(weights, prime: request.prime, steps: request.steps)
            return ["values": .array(values.map(JSONValue.float))]
        case .shutdown:
            _ = try NoParams(params)
            beginShutdown(reason: "shutdown request")
            return ["stopping": true]
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

    /// Prediction runs on the socket loop, so its size is bounded: steps × (hidden+1) × hidden multiply-adds.
    private func checkInference(steps: Int, hiddenSize: Int) throws {
        let work = steps * (hiddenSize + 1) * hiddenSize
        guard work <= limits.maxInferenceWork else {
            throw RPCError.limitExceeded("max_inference_work", value: work, max: limits.maxInferenceWork)
        }
    }
}
