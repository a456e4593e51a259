import ElmanCore

/// `Scaler` over a flat batch (`SequenceBatch`), row by row as its rows functions define it.
///
/// These go through nested rows (one array per row), so a model with a scaler pays per row what the others no
/// longer do; flat versions belong beside the row ones in ElmanCore's Scaler.swift.
extension Scaler {
    /// Every column of `batch` in scaled units; nil if a value leaves float32's finite range.
    func scaled(_ batch: SequenceBatch) -> SequenceBatch? {
        scaled(Array(batch.nested.joined())).map { batch.replacingRows(with: $0) }
    }

    /// Outputs (one value per target in each row) back in the data's units; nil if a value leaves float32's range.
    func unscaledOutputs(_ batch: SequenceBatch) -> SequenceBatch? {
        unscaledOutputs(Array(batch.nested.joined())).map { batch.replacingRows(with: $0) }
    }
}

extension SequenceBatch {
    /// A batch of this one's B and T whose rows, in order, are `rows` (B·T of them, all as wide as this one's).
    fileprivate func replacingRows(with rows: [[Float]]) -> SequenceBatch {
        SequenceBatch(count: count, length: length, width: width, values: Array(rows.joined()))
    }
}
