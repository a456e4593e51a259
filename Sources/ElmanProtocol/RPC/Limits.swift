import ElmanJSON

/// The worker's explicit limits (PROTOCOL.md, "Limits"). Every request is checked against them before any work,
/// and `info` reports them, so a client can know in advance what will be refused.
public struct Limits: Equatable, Sendable {
    /// 64 MiB: a 10⁶-point series as JSON text (at most 16 bytes a float32, 19 a one-column row) with its
    /// validation series beside it.
    public var maxMessageBytes = 64 * 1024 * 1024
    public var maxDepth = 64
    public var maxBatch = 128
    public var maxHiddenSize = 1024
    public var maxSeriesLength = 1_000_000
    public var maxEpochs = 1_000_000
    /// epochs × steps × sequences of one job, where steps = points − 1: 1,000 epochs over a 10⁶-point series.
    public var maxWork = 1_000_000_000
    public var maxGenerateSteps = 1_000_000
    /// steps × sequences × Σ over layers of G·H·(layer input + H) multiply-adds of one `predict`, `generate`,
    /// `evaluate` or `gradient_flow` ((hidden+1) × hidden per step for the seed's network): 4·10¹² lets a
    /// 10⁶-point `gradient_flow` (three passes) or `predict` with states (two) run at hidden 1024, minutes of work
    /// on an inference thread.
    public var maxInferenceWork = 4_000_000_000_000
    /// Jobs queued or running at once.
    public var maxJobs = 64
    /// Ended jobs remembered; the oldest are forgotten first.
    public var maxFinishedJobs = 256
    public var maxModels = 256
    /// Sequences of one `data` (its batch, B).
    public var maxSequences = 1024
    /// Columns of a data row (a network's input_size, D).
    public var maxColumns = 64
    /// A network's num_layers.
    public var maxLayers = 8
    /// float32 values in one model's state_dict (20 MB; one LSTM layer of hidden size 1024 holds 4.2 million): with
    /// `max_models`, it bounds the memory models take.
    public var maxParameters = 5_000_000
    /// What a job on the general path keeps for one window (`TrainingLimits.windowValues`): 10⁷ float32 values
    /// (40 MB) per training thread.
    public var maxWindowValues = 10_000_000
    /// Bytes one job may take on its training thread, as the worker estimates them before it starts (a sweep's
    /// run and a backtest's fit each count as a job); also the memory one `predict`, `generate`, `evaluate` or
    /// `gradient_flow` may take for its tape and reply. 1 GiB: full back-propagation through time over about
    /// 500,000 steps at hidden size 512.
    public var maxJobBytes = 1 << 30
    /// Folds of one `backtest` (each holds its forecast and metrics; with refit each trains a model).
    public var maxFolds = 1000
    /// Runs of one `sweep` (configurations × grid points); each run is also bounded as a `train` job is.
    public var maxRuns = 100_000
    /// Jobs that train at once; the others wait in order.
    public var trainingThreads: Int

    public init(trainingThreads: Int) {
        self.trainingThreads = trainingThreads
    }

    /// Every limit by its protocol name, in the order `info` lists them.
    public static let names: [(name: String, path: WritableKeyPath<Limits, Int>)] = [
        ("max_message_bytes", \.maxMessageBytes), ("max_depth", \.maxDepth), ("max_batch", \.maxBatch),
        ("max_hidden_size", \.maxHiddenSize), ("max_series_length", \.maxSeriesLength),
        ("max_epochs", \.maxEpochs), ("max_work", \.maxWork), ("max_generate_steps", \.maxGenerateSteps),
        ("max_inference_work", \.maxInferenceWork), ("max_jobs", \.maxJobs),
        ("max_finished_jobs", \.maxFinishedJobs), ("max_models", \.maxModels),
        ("max_sequences", \.maxSequences), ("max_columns", \.maxColumns), ("max_layers", \.maxLayers),
        ("max_parameters", \.maxParameters), ("max_window_values", \.maxWindowValues),
        ("max_job_bytes", \.maxJobBytes), ("max_folds", \.maxFolds), ("max_runs", \.maxRuns),
        ("training_threads", \.trainingThreads),
    ]

    /// Sets a limit by its protocol name (`elman-worker --limit max_models=1000`); every limit is at least 1.
    public mutating func set(_ name: String, to value: Int) throws {
        guard let entry = Self.names.first(where: { $0.name == name }) else {
            throw RPCError.invalidParams(name, "unknown limit; known: \(Self.names.map(\.name).joined(separator: ", "))")
        }
        guard value >= 1 else { throw RPCError.invalidParams(name, "must be at least 1") }
        self[keyPath: entry.path] = value
    }

    public var json: JSONValue {
        .object(JSONObject(Self.names.map { ($0.name, .number(Double(self[keyPath: $0.path]))) }))
    }
}
