/// What a training run can measure after every epoch (`train`'s `record`).
public enum TrainingRecord: String, Equatable, Hashable, Sendable, CaseIterable {
    /// The global gradient norm before clipping, ‖g‖ = √(Σ over every parameter of g²), averaged over the epoch's
    /// windows (each window's gradient is the one its optimiser step uses).
    case gradNorm = "grad_norm"
    /// The spectral radius of each layer's recurrent matrix per gate block after the epoch
    /// (`StateDict.recurrentSpectralRadii`).
    case spectralRadius = "spectral_radius"
}

/// The records of a training run, one entry per completed epoch for each quantity asked for (nil for the others).
///
/// Invariant: every non-nil list has one entry per epoch of the run's `losses`.
public struct TrainingRecords: Equatable, Sendable {
    /// Per epoch: the mean over its windows of ‖g‖ before clipping.
    public var gradNorms: [Double]?
    /// Per epoch, layer and gate block: ρ(W_hh block) after the epoch.
    public var spectralRadii: [[[Double]]]?

    public init(_ record: Set<TrainingRecord>) {
        gradNorms = record.contains(.gradNorm) ? [] : nil
        spectralRadii = record.contains(.spectralRadius) ? [] : nil
    }

    /// Appends `other`'s last epoch (a report epoch's records, gathered for a progress report).
    public mutating func appendLast(of other: TrainingRecords) {
        if let last = other.gradNorms?.last { gradNorms?.append(last) }
        if let last = other.spectralRadii?.last { spectralRadii?.append(last) }
    }

    /// Empties every list asked for.
    public mutating func removeAll() {
        gradNorms?.removeAll()
        spectralRadii?.removeAll()
    }

    mutating func append(gradNorm: Double, spectralRadii radii: @autoclosure () -> [[Double]]) {
        gradNorms?.append(gradNorm)
        if spectralRadii != nil { spectralRadii!.append(radii()) }
    }

    mutating func removeLast() {
        gradNorms?.removeLast()
        spectralRadii?.removeLast()
    }
}
