import ElmanJSON

/// The results that only confirm what was done.
public enum Acknowledgement: Equatable, Sendable {
    /// `ping`: `{"pong": true}`.
    case pong
    /// `model.delete`: `{"deleted": id}`.
    case deleted(model: String)
    /// `model.save`: `{"model", "name"}`.
    case saved(model: String, name: ModelName)
    /// `shutdown`: `{"stopping": true}`.
    case stopping

    public var json: JSONValue {
        switch self {
        case .pong: ["pong": true]
        case .deleted(let model): ["deleted": .string(model)]
        case .saved(let model, let name): ["model": .string(model), "name": .string(name.text)]
        case .stopping: ["stopping": true]
        }
    }
}
