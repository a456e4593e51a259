import ElmanCore
import ElmanJSON
import ElmanProtocol

/// `gradient_flow` (PROTOCOL.md): ‖∂L/∂h_s‖ per layer and step by full back-propagation through the data's one
/// sequence, in Double on the reference path (`ReferenceNetwork.gradientFlow`), from the model's float32 weights and
/// the data in its scaled units. Computed where `infer` puts it (like `predict`), bounded by `max_inference_work`,
/// counting a step three times (its forward pass and the two products of its backward pass), and by
/// `max_job_bytes` for its tape (`MemoryEstimate.gradientFlow`).
extension Worker {
    func gradientFlow(_ request: GradientFlowParams, _ responder: Responder?) throws -> JSONValue? {
        let record = try models.record(request.model)
        let network = record.parameters.network, data = request.data
        try checkWidth(data.columns, of: network, param: "data")
        try checkTargets(data, of: network, model: request.model)
        let steps = data.batch.length - 1
        let work = try inferenceWork(steps: 3 * steps, record.parameters)
        try MemoryEstimate.check(MemoryEstimate.gradientFlow(network, steps: steps), limits: limits)
        let batch = try record.scaler.map { try record.scaled(data.batch, by: $0, param: "data") } ?? data.batch
        let rows = batch.nested[0]
        let inputs = rows.dropLast().map { $0.map(Double.init) }
        let targets = rows.dropFirst().map { row in data.targetColumns.map { Double(row[$0]) } }
        return try infer(work: work, responder) {
            let norms = ReferenceNetwork.gradientFlow(
                record.parameters.stateDict.converted(to: Double.self), inputs: Array(inputs),
                targets: Array(targets), loss: request.loss, of: request.of)
            guard norms.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
                throw RPCError.invalidParams("data", "the gradients overflow float64 over this data")
            }
            return GradientFlow(norms: norms, of: request.of).json
        }
    }
}
