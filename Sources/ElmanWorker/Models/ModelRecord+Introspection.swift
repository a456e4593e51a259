import ElmanCore
import ElmanProtocol

/// Looking inside a model: its states step by step and its gradient flow, computed on the reference path
/// (`ReferenceNetwork`) from its state_dict (for a network of the seed's kind too), in the model's scaled units.
extension ModelRecord {
    /// Every step's state of every layer for each sequence (B × steps × L, `ReferenceNetwork.states`) of `inputs`
    /// (B × steps × D, in the user's units: scaled first when the model has a scaler; -32602 naming `param` if that
    /// leaves float32, or when a state does).
    func states(_ inputs: SequenceBatch, param: String) throws -> [[[LayerState<Float>]]] {
        let scaled = try scaler.map { try self.scaled(inputs, by: $0, param: param) } ?? inputs
        let states = scaled.nested.map { ReferenceNetwork.states(parameters.stateDict, inputs: $0) }
        let values = states.joined().joined().flatMap { $0.h + $0.c }
        guard values.allSatisfy(\.isFinite) else {
            throw RPCError.invalidParams(param, "drives \(id)'s states beyond float32's range")
        }
        return states
    }
}
