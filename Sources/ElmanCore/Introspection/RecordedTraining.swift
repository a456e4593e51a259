extension FastNetwork {
    /// Trains as `train(_:data:options:progress:isCancelled:)` does (the same updates, to the bit), measuring
    /// `record` after every epoch (`TrainingRecords`); at each report epoch `progress` gets the records so far and
    /// the current weights, built only if it calls `weights()`. A diverged epoch's records are dropped with it.
    ///
    /// Preconditions: `options.isValid`; `data`'s input and output sizes are the network's.
    public static func train(
        _ parameters: inout StateDict<Float>, data: TrainingSequences, options: NetworkTrainingOptions,
        recording record: Set<TrainingRecord>,
        progress: (_ epoch: Int, _ loss: Float, _ records: TrainingRecords, _ weights: () -> StateDict<Float>) -> Void,
        isCancelled: () -> Bool = { false }
    ) -> (training: TrainingResult, records: TrainingRecords) {
        var runner = RecordingWorkspace(
            workspace: NetworkWorkspace(parameters: parameters, data: data, options: options,
                                        measuresGradientNorm: record.contains(.gradNorm)),
            records: TrainingRecords(record))
        let result = runEpochs(&runner, epochs: options.epochs, isCancelled: isCancelled) { runner, epoch, loss in
            if epoch % options.reportEvery == 0 { progress(epoch, loss, runner.records) { runner.workspace.stateDict } }
            return .next
        }
        parameters = runner.workspace.stateDict
        return (result, runner.records)
    }
}

/// A training `NetworkWorkspace` that appends the epoch's records after each epoch and drops them when the epoch
/// is undone.
struct RecordingWorkspace: ~Copyable, EpochRunner {
    var workspace: NetworkWorkspace
    var records: TrainingRecords

    func checkpoint() { workspace.checkpoint() }
    var weightsAreFinite: Bool { workspace.weightsAreFinite }

    mutating func runEpoch(isCancelled: () -> Bool) -> Float? {
        guard let loss = workspace.runEpoch(isCancelled: isCancelled) else { return nil }
        let windows = max(workspace.gradientNormWindows, 1)
        let finite = workspace.weightsAreFinite
        records.append(gradNorm: workspace.gradientNormTotal / Double(windows),
                       spectralRadii: finite ? workspace.stateDict.recurrentSpectralRadii : [])
        return loss
    }

    mutating func rollback() {
        workspace.rollback()
        records.removeLast()
    }
}
