import ElmanJSON

/// One run of a sweep as its entry in the result reports it: `{"params", "state", "final_loss", "epochs_run"}`,
/// then `"diverged_epoch"` when it diverged, `"losses"` when the sweep asked for them and `"model"` with
/// `keep_models`.
public struct SweepRunReport: Equatable, Sendable {
    /// The members the run sweeps (its config's and its grid point's), as given.
    public var swept: JSONObject
    /// `done`, `cancelled` (also for a run the cancel took out of the queue) or `diverged`.
    public var state: JobState
    /// The loss of the last completed epoch; nil (`null`) when none completed.
    public var finalLoss: Float?
    public var epochsRun: Int
    public var divergedEpoch: Int?
    /// Every completed epoch's loss, when the sweep asked for them.
    public var losses: [Float]?
    /// The model holding the run's trained weights, with `keep_models`.
    public var model: String?

    public init(swept: JSONObject, state: JobState, finalLoss: Float?, epochsRun: Int, divergedEpoch: Int?,
                losses: [Float]?, model: String?) {
        self.swept = swept
        self.state = state
        self.finalLoss = finalLoss
        self.epochsRun = epochsRun
        self.divergedEpoch = divergedEpoch
        self.losses = losses
        self.model = model
    }

    public var json: JSONValue {
        var object: JSONObject = [
            "params": .object(swept), "state": .string(state.rawValue),
            "final_loss": finalLoss.map(JSONValue.float) ?? .null, "epochs_run": .number(Double(epochsRun)),
        ]
        if let divergedEpoch { object["diverged_epoch"] = .number(Double(divergedEpoch)) }
        if let losses { object["losses"] = .floats(losses) }
        if let model { object["model"] = .string(model) }
        return .object(object)
    }
}

/// What a sweep job adds to the job object (PROTOCOL.md, "sweep"): `"runs"` (how many it has) and `"runs_done"`,
/// and once the job has ended (except in `job.list`) `"result": {"runs": [run entry, … in run order]}`.
public struct SweepReport: Equatable, Sendable {
    public var runs: Int
    public var runsDone: Int
    /// Every run's entry, in run order; nil to leave `result` out.
    public var result: [SweepRunReport]?

    public init(runs: Int, runsDone: Int, result: [SweepRunReport]?) {
        self.runs = runs
        self.runsDone = runsDone
        self.result = result
    }

    /// The members added to the job object.
    public var members: [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [
            ("runs", .number(Double(runs))), ("runs_done", .number(Double(runsDone))),
        ]
        if let result { members.append(("result", ["runs": .array(result.map(\.json))])) }
        return members
    }
}
