import ElmanCore
import ElmanProtocol

/// A model the worker holds in memory.
struct ModelRecord {
    let id: String
    var parameters: ModelParameters
    var epochsTrained: Int
    /// The in-sample MAE of the naive one-step forecast per target column (`ForecastMetrics.naiveMAE`) of the data
    /// of the last training job that completed an epoch: the scale of `evaluate`'s MASE. Nil for a model never
    /// trained, or loaded from a file written without it.
    var naiveMAE: [Double]?
    /// The scaler the model was first trained with: its inputs are scaled and its outputs unscaled with it.
    var scaler: Scaler?
    /// The job training this model now, if any; while set, the model cannot be trained again, saved or deleted.
    var trainingJob: String?

    var summary: ModelSummary {
        ModelSummary(model: id, network: parameters.network, epochsTrained: epochsTrained, job: trainingJob)
    }
}

// Models/: the models the worker holds — in memory (`ModelRegistry`, `ModelRecord`, `NumberedTable`) and saved in
// the `--models` folder (`ModelStore`, `ModelsFolder`). It may use Platform/ (files), never Jobs/ or Loop/.

/// Models by id (`m1`, `m2`, … in order of creation), at most `capacity` of them.
struct ModelRegistry {
    private var models = NumberedTable<ModelRecord>(prefix: "m")
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// All models, oldest first.
    var all: [ModelRecord] { models.inOrder }

    /// The model, or the protocol's "unknown model" error.
    func record(_ id: String) throws -> ModelRecord {
        guard let record = models[id] else { throw RPCError.unknownModel(id) }
        return record
    }

    /// The model, refusing one that a running job is training.
    func idle(_ id: String) throws -> ModelRecord {
        let record = try record(id)
        if let job = record.trainingJob { throw RPCError.jobNotFinished(job) }
        return record
    }

    /// Checks there is room for `count` more models before any work is done.
    func checkRoom(for count: Int = 1) throws {
        guard models.count + count <= capacity else {
            throw RPCError.limitExceeded("max_models", value: models.count + count, max: capacity)
        }
    }

    mutating func add(_ parameters: ModelParameters, epochsTrained: Int = 0, naiveMAE: [Double]? = nil,
                      scaler: Scaler? = nil) -> ModelRecord {
        models.add {
            ModelRecord(id: $0, parameters: parameters, epochsTrained: epochsTrained, naiveMAE: naiveMAE, scaler: scaler)
        }
    }

    mutating func update(_ id: String, _ change: (inout ModelRecord) -> Void) { models.update(id, change) }

    mutating func remove(_ id: String) { models.remove(id) }

    /// Records the end of the training of model `id`: its new weights (nil: unchanged), the epochs it trained, the
    /// naive scale of its data once an epoch completed; the model is free again.
    mutating func finishTraining(_ id: String, parameters: ModelParameters?, epochs: Int, naiveMAE: [Double]?) {
        models.update(id) { record in
            if let parameters { record.parameters = parameters }
            record.epochsTrained += epochs
            if epochs > 0, let naiveMAE { record.naiveMAE = naiveMAE }
            record.trainingJob = nil
        }
    }
}
