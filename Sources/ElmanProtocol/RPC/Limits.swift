/// The worker's explicit limits (PROTOCOL.md, "Limits"). Every request is checked against them before any work,
/// and `info` reports them, so a client can know in advance what will be refused.
public struct Limits: Equatable, Sendable {
    public var maxMessageBytes = 16 * 1024 * 1024
    public var maxDepth = 64
    public var maxBatch = 128
    public var maxHiddenSize = 512
    public var maxSeriesLength = 100_000
    public var maxEpochs = 1_000_000
    /// epochs × steps of one job, where steps = points − 1.
    public var maxWork = 50_000_000
    public var maxGenerateSteps = 100_000
    /// steps × (hidden+1) × hidden multiply-adds of one `predict` or `generate`, which run on the socket loop.
    public var maxInferenceWork = 200_000_000
    /// Jobs queued or running at once.
    public var maxJobs = 64
    /// Ended jobs remembered; the oldest are forgotten first.
    public var maxFinishedJobs = 256
    public var maxModels = 256
    /// Jobs that train at once; the others wait in order.
    public var trainingThreads: Int

    public init(trainingThreads: Int) {
        self.trainingThreads = trainingThreads
    }

    public var json: JSONValue {
        .object([
            "max_message_bytes": .number(Double(maxMessageBytes)),
            "max_depth": .number(Double(maxDepth)),
            "max_batch": .number(Double(maxBatch)),
            "max_hidden_size": .number(Double(maxHiddenSize)),
            "max_series_length": .number(Double(maxSeriesLength)),
            "max_epochs": .number(Double(maxEpochs)),
            "max_work": .number(Double(maxWork)),
            "max_generate_steps": .number(Double(maxGenerateSteps)),
            "max_inference_work": .number(Double(maxInferenceWork)),
            "max_jobs": .number(Double(maxJobs)),
            "max_finished_jobs": .number(Double(maxFinishedJobs)),
            "max_models": .number(Double(maxModels)),
            "training_threads": .number(Double(trainingThreads)),
        ])
    }
}
