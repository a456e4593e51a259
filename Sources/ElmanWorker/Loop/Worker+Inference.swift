import ElmanCore
import ElmanJSON
import ElmanProtocol

/// `predict` and `generate` (PROTOCOL.md), and where every inference method runs: small ones on the socket loop,
/// larger ones on the inference threads (`Jobs.inference`) so that the loop goes on answering other clients.
extension Worker {
    /// Multiply-adds (as `max_inference_work` counts them) up to which a request is computed on the socket loop:
    /// 2²⁰, well under a millisecond of arithmetic. Handing over to a thread and back through the mailbox costs two
    /// thread wake-ups, more than the seed's own `predict` (840 multiply-adds); around this size both are lost in
    /// the JSON text (a release build's `predict` round trip at hidden size 6: 34 ms for 24,000 points on the loop,
    /// 26 ms for 26,000 on a thread, medians of 30).
    static let inlineInferenceWork = 1 << 20

    func predict(_ request: PredictParams, _ responder: Responder?) throws -> JSONValue? {
        let record = try models.record(request.model)
        let network = record.parameters.network
        try checkWidth(request.inputs.width, of: network, param: request.param)
        if request.returns.contains(.cell), network.cell != .lstm {
            throw RPCError.invalidParams("return", "cell states are an LSTM's; \(request.model) is \(network.cell)")
        }
        let rows = request.inputs.length * request.inputs.count
        let work = try inferenceWork(steps: (request.returns.isEmpty ? 1 : 2) * rows, record.parameters)
        let states = request.returns.count * network.numLayers * network.hiddenSize
        try MemoryEstimate.check(MemoryEstimate.reply(values: rows * (network.outputSize + states)), limits: limits)
        return try infer(work: work, responder) {
            var predictions = Predictions(try record.predict(request.inputs, param: request.param),
                                          isBatch: request.isBatch)
            if !request.returns.isEmpty {
                let states = try record.states(request.inputs, param: request.param)
                if request.returns.contains(.hidden) { predictions.hidden = states.map { $0.map { $0.map(\.h) } } }
                if request.returns.contains(.cell) { predictions.cell = states.map { $0.map { $0.map(\.c) } } }
            }
            return predictions.json
        }
    }

    func generate(_ request: GenerateParams, _ responder: Responder?) throws -> JSONValue? {
        let record = try models.record(request.model)
        let network = record.parameters.network
        guard network.outputSize == network.inputSize else {
            throw RPCError.invalidParams("model", "generate feeds outputs back as inputs: needs as many outputs "
                + "as inputs (\(request.model) has \(network.inputSize) in, \(network.outputSize) out)")
        }
        try checkWidth(request.prime.width, of: network, param: "prime")
        let work = try inferenceWork(steps: request.prime.length + request.steps, record.parameters)
        try MemoryEstimate.check(MemoryEstimate.reply(values: request.steps * network.outputSize), limits: limits)
        return try infer(work: work, responder) {
            GeneratedValues(try record.generate(prime: request.prime, steps: request.steps)).json
        }
    }

    /// The multiply-adds of `steps` steps (over every sequence) through a model, `ModelParameters.workPerStep` each
    /// ((hidden+1) × hidden for the seed's network); more than `max_inference_work` is refused.
    func inferenceWork(steps: Int, _ parameters: ModelParameters) throws -> Int {
        let work = steps * parameters.workPerStep
        guard work <= limits.maxInferenceWork else {
            throw RPCError.limitExceeded("max_inference_work", value: work, max: limits.maxInferenceWork)
        }
        return work
    }

    /// Answers with `compute`'s result: at once, computed here, up to `inlineInferenceWork` multiply-adds of
    /// `work`; otherwise later (nil now), computed on an inference thread and answered through the mailbox
    /// (`answerInference`), errors as they would be here; that thread also writes the reply's bytes when the
    /// request is alone in its message (`InferenceWork`). `compute` holds values only (the model's record as it
    /// is now), so a model trained, replaced or deleted meanwhile does not change what it computes. Large work asked
    /// in a notification is not done: nobody would see its result.
    func infer(work: Int, _ responder: Responder?, _ compute: @escaping @Sendable () throws -> JSONValue) throws
        -> JSONValue?
    {
        if work <= Self.inlineInferenceWork { return try compute() }
        guard let responder else { return nil }
        let ticket = inferring.add { (ticket: $0, responder: responder) }.ticket
        jobs.inference.submit(InferenceWork(job: ticket, reply: responder.wholeReply, compute: compute))
        return nil
    }

    /// Answers the request computed under `ticket` on an inference thread: sends the reply it wrote, or puts the
    /// result in its slot of a batch's reply.
    func answerInference(_ ticket: String, _ answer: InferenceAnswer) {
        guard let pending = inferring[ticket] else { return }
        inferring.remove(ticket)
        switch answer {
        case .frames(let frames):
            let reply = pending.responder.reply
            send(reply.envelope, reply.fill(encoded: frames))
        case .outcome(let outcome):
            respond(pending.responder, outcome)
        }
    }
}
