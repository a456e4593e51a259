import ElmanCore
import ElmanProtocol

/// Inference in the user's units: a model with a scaler runs on scaled inputs and its outputs are unscaled
/// (`Scaler`); one without runs as it is.
extension ModelRecord {
    /// Teacher-forced outputs (`ModelParameters.predict`); -32602 naming `param` when a scaled input, or naming
    /// `model` when an unscaled output, leaves float32's range.
    func predict(_ inputs: SequenceBatch, param: String) throws -> SequenceBatch {
        guard let scaler else { return parameters.predict(inputs) }
        return try unscaled(parameters.predict(try scaled(inputs, by: scaler, param: param)), by: scaler)
    }

    /// The outputs that follow `prime` fed back (`ModelParameters.generate`), scaled and unscaled as `predict`.
    func generate(prime: SequenceBatch, steps: Int) throws -> SequenceBatch {
        guard let scaler else { return parameters.generate(prime: prime, steps: steps) }
        let scaled = try scaled(prime, by: scaler, param: "prime")
        return try unscaled(parameters.generate(prime: scaled, steps: steps), by: scaler)
    }

    func scaled(_ batch: SequenceBatch, by scaler: Scaler, param: String) throws -> SequenceBatch {
        guard let scaled = scaler.scaled(batch) else {
            throw RPCError.invalidParams(param, "leaves float32's range once scaled by \(id)'s scaler")
        }
        return scaled
    }

    private func unscaled(_ outputs: SequenceBatch, by scaler: Scaler) throws -> SequenceBatch {
        guard let unscaled = scaler.unscaledOutputs(outputs) else {
            throw RPCError.invalidParams("model", "\(id)'s outputs leave float32's range once unscaled")
        }
        return unscaled
    }
}
