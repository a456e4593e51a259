/// A per-column affine change of units, fitted on training data and kept with the model, so the network learns
/// and runs in scaled units while its user sees their own: x′ = (x − offset[d]) / scale[d] for column d, and an
/// output y′ of target column c = targets[o] back as y = y′ · scale[c] + offset[c]. Arithmetic is in Double,
/// rounded to Float at the end.
///
/// - `standard`: offset the column's mean, scale its population standard deviation;
/// - `minmax`: offset the column's minimum, scale max − min, so the fitted data spans [0, 1].
///
/// A constant column gets scale 1 (it is only shifted). Invariants: offset and scale have one entry per column,
/// all finite, every scale > 0; `targets` are the columns the network's outputs stand for.
public struct Scaler: Equatable, Sendable {
    public enum Kind: String, Equatable, Sendable, CaseIterable {
        case standard
        case minmax
    }

    public let kind: Kind
    public let offset: [Double]
    public let scale: [Double]
    public let targets: [Int]

    /// Nil unless the invariants hold (offset and scale of one length, finite, scales > 0; targets are columns).
    public init?(kind: Kind, offset: [Double], scale: [Double], targets: [Int]) {
        guard !offset.isEmpty, offset.count == scale.count, offset.allSatisfy(\.isFinite),
              scale.allSatisfy({ $0.isFinite && $0 > 0 }), !targets.isEmpty,
              targets.allSatisfy({ offset.indices.contains($0) })
        else { return nil }
        self.kind = kind
        self.offset = offset
        self.scale = scale
        self.targets = targets
    }

    /// Fitted on every row of every sequence of `data`, column by column: the sums run over the rows in order
    /// (sequence after sequence), reading the flat values.
    public init(fitting kind: Kind, to data: TrainingSequences) {
        let values = data.batch.values, width = data.inputSize, n = Double(data.batch.count * data.batch.length)
        var offset: [Double] = [], scale: [Double] = []
        for column in 0..<width {
            let indices = stride(from: column, to: values.count, by: width)
            switch kind {
            case .standard:
                let mean = indices.reduce(0) { $0 + Double(values[$1]) } / n
                let variance = indices.reduce(0) { sum, i in
                    let deviation = Double(values[i]) - mean
                    return sum + deviation * deviation
                } / n
                offset.append(mean)
                scale.append(variance.squareRoot())
            case .minmax:
                let low = Double(indices.lazy.map { values[$0] }.min()!)
                offset.append(low)
                scale.append(Double(indices.lazy.map { values[$0] }.max()!) - low)
            }
        }
        // The spread of finite float32 values is finite in Double; a zero one (a constant column) becomes 1.
        self.init(kind: kind, offset: offset, scale: scale.map { $0 > 0 ? $0 : 1 }, targets: data.targets)!
    }

    /// Rows of every column in scaled units; nil if a value leaves float32's finite range.
    public func scaled(_ rows: [[Float]]) -> [[Float]]? {
        let result = rows.map { row in row.indices.map { scaled(row[$0], column: $0) } }
        return result.allSatisfy { $0.allSatisfy(\.isFinite) } ? result : nil
    }

    /// Every column of `batch` in scaled units, as `scaled(_:)` scales rows; nil if a value leaves float32's range.
    public func scaled(_ batch: SequenceBatch) -> SequenceBatch? {
        map(batch) { value, column in scaled(value, column: column) }
    }

    /// `data` in scaled units; nil if a value leaves float32's finite range.
    public func scaled(_ data: TrainingSequences) -> TrainingSequences? {
        scaled(data.batch).flatMap { try? TrainingSequences($0, targets: data.targets) }
    }

    /// Output rows (one value per target) back in the data's units; nil if a value leaves float32's finite range.
    public func unscaledOutputs(_ rows: [[Float]]) -> [[Float]]? {
        let result = rows.map { row in row.indices.map { unscaled(row[$0], output: $0) } }
        return result.allSatisfy { $0.allSatisfy(\.isFinite) } ? result : nil
    }

    /// Outputs (one value per target in each row of `batch`) back in the data's units, as `unscaledOutputs(_:)`
    /// does for rows; nil if a value leaves float32's finite range.
    public func unscaledOutputs(_ batch: SequenceBatch) -> SequenceBatch? {
        map(batch) { value, output in unscaled(value, output: output) }
    }

    /// (x − offset[c]) / scale[c] for a value of column c, computed in Double.
    private func scaled(_ value: Float, column: Int) -> Float {
        Float((Double(value) - offset[column]) / scale[column])
    }

    /// y · scale[t] + offset[t] for output o, whose column is t = targets[o], computed in Double.
    private func unscaled(_ value: Float, output: Int) -> Float {
        Float(Double(value) * scale[targets[output]] + offset[targets[output]])
    }

    /// `batch` with each value v of column c replaced by `transform(v, c)`, in one pass over its flat values; nil
    /// if a result is not finite.
    private func map(_ batch: SequenceBatch, _ transform: (Float, Int) -> Float) -> SequenceBatch? {
        var values = batch.values
        for index in values.indices {
            let value = transform(values[index], index % batch.width)
            guard value.isFinite else { return nil }
            values[index] = value
        }
        return SequenceBatch(count: batch.count, length: batch.length, width: batch.width, values: values)
    }
}
