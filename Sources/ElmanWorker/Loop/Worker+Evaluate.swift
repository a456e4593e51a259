import ElmanCore
import ElmanJSON
import ElmanProtocol

/// `evaluate` (PROTOCOL.md): metrics of a model's forecasts on data, computed where `infer` puts it (like
/// `predict`) and bounded by `max_inference_work`; a model with a scaler reads the data and forecasts in the data's
/// units.
extension Worker {
    func evaluate(_ request: EvaluateParams, _ responder: Responder?) throws -> JSONValue? {
        let record = try models.record(request.model)
        let parameters = record.parameters, network = parameters.network, data = request.data
        try checkWidth(data.columns, of: network, param: "data")
        try checkTargets(data, of: network, model: request.model)
        let feedsBack = network.outputSize == network.inputSize
        let rows = data.batch.length, horizon = request.horizon
        // One teacher-forced pass, then per origin the rows up to it once and h − 1 fed-back steps.
        let steps = (rows - 1) + (feedsBack ? (rows - horizon) * horizon : 0)
        let work = try inferenceWork(steps: steps * data.batch.count, parameters)
        if let scaler = record.scaler, scaler.scaled(data.batch) == nil {
            throw RPCError.invalidParams("data", "leaves float32's range once scaled by \(record.id)'s scaler")
        }
        return try infer(work: work, responder) {
            var runner = parameters.runner
            runner.scaler = record.scaler
            let evaluation = Evaluation(runner, sequences: data.batch.nested, targets: data.targetColumns,
                                        horizon: horizon, naiveMAE: record.naiveMAE, feedsBack: feedsBack)
            return EvaluationResult(evaluation).json
        }
    }
}
