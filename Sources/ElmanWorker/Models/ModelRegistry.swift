import ElmanCore
import ElmanProtocol

/// A model the worker holds in memory.
struct ModelRecord {
    let id: String
    var weights: ElmanWeights
    var epochsTrained: Int
    /// The job training this model now, if any; while set, the model cannot be trained again, saved or deleted.
    var trainingJob: String?

    var summary: JSONObject {
        [
            "model": .string(id), "hidden_size": .number(Double(weights.hiddenSize)),
            "epochs_trained": .number(Double(epochsTrained)),
            "job": trainingJob.map(JSONValue.string) ?? .null,
        ]
    }
}

/// Models by id (`m1`, `m2`, … in order of creation), at most `capacity` of them.
struct ModelRegistry {
    private(set) var byID: [String: ModelRecord] = [:]
    private var counter = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// All models, oldest first.
    var all: [ModelRecord] { byID.values.sorted { ($0.id.count, $0.id) < ($1.id.count, $1.id) } }

    /// The model, or the protocol's "unknown model" error.
    func record(_ id: String) throws -> ModelRecord {
        guard let record = byID[id] else { throw RPCError.unknownModel(id) }
        return record
    }

    /// The model, refusing one that a running job is training.
    func idle(_ id: String) throws -> ModelRecord {
        let record = try record(id)
        if let job = record.trainingJob { throw RPCError.jobNotFinished(job) }
        return record
    }

    /// Checks there is room for one more model before any work is done.
    func checkRoom() throws {
        guard byID.count < capacity else {
            throw RPCError.limitExceeded("max_models", value: byID.count + 1, max: capacity)
        }
    }

    mutating func add(_ weights: ElmanWeights, epochsTrained: Int = 0) -> ModelRecord {
        counter += 1
        let record = ModelRecord(id: "m\(counter)", weights: weights, epochsTrained: epochsTrained)
        byID[record.id] = record
        return record
    }

    mutating func update(_ id: String, _ change: (inout ModelRecord) -> Void) {
        if var record = byID[id] {
            change(&record)
            byID[id] = record
        }
    }

    mutating func remove(_ id: String) { byID[id] = nil }
}
