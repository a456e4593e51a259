import ElmanCore
import ElmanJSON
import ElmanProtocol

/// A training job as the socket loop knows it (PROTOCOL.md, "job").
final class Job {
    enum State: String {
        case queued, running, done, cancelled, diverged, failed
        var hasEnded: Bool { self != .queued && self != .running }
    }

    let id: String
    let model: String
    let epochs: Int
    let cancel = CancelFlag()
    var state: State = .queued
    /// Epochs completed as last reported; the whole count once ended.
    var epoch = 0
    var losses: [Float] = []
    var seconds = 0.0
    var divergedEpoch: Int?

    init(id: String, model: String, epochs: Int) {
        self.id = id
        self.model = model
        self.epochs = epochs
    }

    /// Records the engine's result; the job has ended afterwards.
    func finish(with result: TrainingResult) {
        losses = result.losses
        seconds = result.seconds
        epoch = result.losses.count
        switch result.outcome {
        case .completed: state = .done
        case .cancelled: state = .cancelled
        case .diverged(let at):
            state = .diverged
            divergedEpoch = at
        }
    }

    func json(withLosses: Bool = true) -> JSONValue {
        var object: JSONObject = [
            "job": .string(id), "model": .string(model), "state": .string(state.rawValue),
            "epoch": .number(Double(epoch)), "epochs": .number(Double(epochs)),
        ]
        if withLosses { object["losses"] = .array(losses.map(JSONValue.float)) }
        object["seconds"] = .number(seconds)
        if let divergedEpoch { object["diverged_epoch"] = .number(Double(divergedEpoch)) }
        return .object(object)
    }
}
