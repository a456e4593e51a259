import ElmanCore
import ElmanProtocol

/// Inference in the user's units: a model with a scaler runs on scaled inputs and its outputs are unscaled
/// (`Scaler`); one without runs as it is.
extension ModelRecord {
    /// Teacher-forced outputs (`ModelParameters.predict`); -32602 naming `param` when a scaled input, or naming
    /// `model` when an unscaled output, leaves float32's range.
    func predict(_ inputs: [[[Float]]], param: String) throws -> [[[Float]]] {
        guard let scaler else { return parameters.predict(inputs) }
        let scaled = try inputs.map { try scaledRows($0, by: scaler, param: param) }
        return try parameters.predict(scaled).map { try unscaledRows($0, by: scaler) }
    }

    /// The outputs that follow `prime` fed back (`ModelParameters.generate`), scaled and unscaled as `predict`.
    func generate(prime: [[Float]], steps: Int) throws -> [[Float]] {
        guard let scaler else { return parameters.generate(prime: prime, steps: steps) }
        let scaled = try scaledRows(prime, by: scaler, param: "prime")
        return try unscaledRows(parameters.generate(prime: scaled, steps: steps), by: scaler)
    }

    func scaledRows(_ rows: [[Float]], by scaler: Scaler, param: String) throws -> [[Float]] {
        guard let scaled = scaler.scaled(rows) else {
            throw RPCError.invalidParams(param, "leaves float32's range once scaled by \(id)'s scaler")
        }
        return scaled
    }

    private func unscaledRows(_ rows: [[Float]], by scaler: Scaler) throws -> [[Float]] {
        guard let unscaled = scaler.unscaledOutputs(rows) else {
            throw RPCError.invalidParams("model", "\(id)'s outputs leave float32's range once unscaled")
        }
        return unscaled
    }
}
