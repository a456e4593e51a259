import ElmanCore
import ElmanJSON

/// `train`'s `validation` and `early_stopping` (PROTOCOL.md, "Validation"):
///
/// - `validation`: data in any form `data` takes (same columns; its `targets`, if given, must be data's), or
///   `{"fraction": f}` with 0 < f < 1, which holds out the last round(f·T) rows of every sequence of `data`
///   (`Validation.split`: both parts keep at least two rows);
/// - `early_stopping`: `{"patience": n ≥ 1, "min_delta": d ≥ 0 (default 0), "restore_best": bool (default true)}`,
///   only with `validation`.
enum ValidationParam {
    /// The training part of `data` and the validation, nil without `validation`.
    static func read(_ reader: inout ParamReader, data: TrainingSequences, limits: Limits) throws
        -> (training: TrainingSequences, validation: Validation?)
    {
        let stopping = try reader.object("early_stopping").map { try earlyStopping($0) }
        guard reader.has("validation") else {
            if stopping != nil { throw RPCError.invalidParams("early_stopping", "needs validation") }
            return (data, nil)
        }
        if case .object(let members)? = reader.value("validation"), members["fraction"] != nil {
            var fraction = ParamReader(members, path: "validation")
            let f = try fraction.double("fraction")!
            try fraction.finish()
            guard f > 0, f < 1 else {
                throw RPCError.invalidParams("validation.fraction", "must be greater than 0 and less than 1")
            }
            guard let (training, held) = Validation.split(data, fraction: f) else {
                let rows = data.batch.length, heldRows = Int((f * Double(rows)).rounded())
                throw RPCError.invalidParams("validation.fraction", "holds out \(heldRows) of \(rows) rows; "
                    + "the held-out part and the rest need at least 2 rows each")
            }
            return (training, Validation(data: held, earlyStopping: stopping))
        }
        let given = try DataParam.read(&reader, member: "validation", minRows: 2, limits: limits)!
        guard given.columns == data.inputSize else {
            throw RPCError.invalidParams("validation", "has \(counted(given.columns, "column")); data has "
                + "\(data.inputSize)")
        }
        if let targets = given.targets, targets != data.targets {
            throw RPCError.invalidParams("validation.targets", "must be data's targets \(data.targets) or left out")
        }
        // Lengths and values were checked by DataParam, widths above, the targets are data's: this cannot throw.
        let held = try! TrainingSequences(given.batch, targets: data.targets)
        return (data, Validation(data: held, earlyStopping: stopping))
    }

    private static func earlyStopping(_ members: JSONObject) throws -> EarlyStopping {
        var reader = ParamReader(members, path: "early_stopping")
        guard let patience = try reader.int("patience", minimum: 1) else {
            throw RPCError.invalidParams("early_stopping.patience", "is required")
        }
        let minDelta = try reader.float("min_delta") ?? 0
        guard minDelta >= 0 else { throw RPCError.invalidParams("early_stopping.min_delta", "must be at least 0") }
        let restoreBest = try reader.bool("restore_best") ?? true
        try reader.finish()
        return EarlyStopping(patience: patience, minDelta: minDelta, restoreBest: restoreBest)
    }
}
