import ElmanCore
import ElmanProtocol

/// The bytes the worker expects a piece of work to take, checked against `max_job_bytes` before it starts
/// (PROTOCOL.md, "Limits" and "Memory"). Estimates from the sizes the trainers and the replies allocate, meant to
/// lie a little above what they use; a measured job is in `MemoryLimitTests`.
enum MemoryEstimate {
    /// Bytes one `[Float]` row of `columns` values takes: its array's 32-byte header and the values, in 16-byte
    /// allocation units, and the 8-byte reference in its sequence.
    static func rowBytes(columns: Int) -> Int { 8 + (32 + 4 * columns + 15) / 16 * 16 }

    /// A training job's (a sweep's run, a backtest's fit) on its training thread:
    /// - weights: P float32 parameters (`TrainingLimits.parameterCount`) in 8 copies — the job's own (twice for the
    ///   seed's kind: state_dict and `ElmanWeights`), the workspace's live ones, their checkpoint and gradient, at
    ///   most two optimiser buffers, the trained result — and 3 more with validation (the best epoch's, the
    ///   validation workspace's two);
    /// - data: every row of every sequence twice, as an array of its own (`rowBytes`: what a backtest's rows take;
    ///   a train job's flat values take less) and as the workspace's flat float32 inputs and targets (D + O values),
    ///   the same for validation data;
    /// - tape: one window (min(truncation, steps) steps) of every sequence and layer: (G·(1 + d) + 3)·H float32 a
    ///   step on the general networks' path (`TrainingLimits.windowValues`), H + 1 on the seed's (its context and
    ///   output), and one step of every validation sequence.
    static func training(_ network: NetworkDescription, data: TrainingSequences, validation: TrainingSequences?,
                         truncation: Int, onSeedPath: Bool) -> Int {
        let weights = (validation == nil ? 8 : 11) * TrainingLimits.parameterCount(network)
        let tape = onSeedPath
            ? (min(truncation, data.steps) + 1) * (network.hiddenSize + 1)
            : TrainingLimits.windowValues(network, data: data, truncation: truncation)
        let validationTape = validation.map { TrainingLimits.windowValues(network, data: $0, truncation: 1) } ?? 0
        return 4 * (weights + tape + validationTape) + dataBytes(data) + (validation.map(dataBytes) ?? 0)
    }

    private static func dataBytes(_ data: TrainingSequences) -> Int {
        let rows = data.batch.count * data.batch.length
        return rows * (rowBytes(columns: data.inputSize) + 4 * (data.inputSize + data.outputSize))
    }

    /// A reply of `values` numbers (`predict`'s predictions and states, `generate`'s values) while it is built:
    /// the float32 rows, the JSON values and the JSON text, 100 bytes a number.
    static func reply(values: Int) -> Int { 100 * values }

    /// `gradient_flow`'s back-propagation through every one of `steps` steps, in float64 on the reference path:
    /// per step and layer its (G·(1 + d) + 3)·H values, and about 400 bytes of the arrays holding them.
    static func gradientFlow(_ network: NetworkDescription, steps: Int) -> Int {
        let deltas = network.cell == .gru ? 2 : 1
        let perStep = (network.cell.gateCount * (1 + deltas) + 3) * network.hiddenSize
        return steps * network.numLayers * (8 * perStep + 400)
    }

    /// Refuses work estimated at more than `max_job_bytes`: -32004 whose data carries the estimate (`value`) and
    /// the limit (`max`).
    static func check(_ bytes: Int, limits: Limits) throws {
        guard bytes <= limits.maxJobBytes else {
            throw RPCError.limitExceeded("max_job_bytes", value: bytes, max: limits.maxJobBytes)
        }
    }
}
