/// A trained network run one row at a time from zero states, keeping its states between rows: on the seed's fast
/// path (`RunningCell`) for a network of the seed's kind, on the general networks' (`NetworkInference`) otherwise,
/// so that a forecast is what `predict` and `generate` give. A value type: a copy continues independently from the
/// same states, which is how a forecast branches off at an origin.
public struct StepRunner {
    private enum Path {
        case seed(RunningCell)
        case network(NetworkInference, NetworkInference.State)
    }

    private var path: Path
    /// When set, rows are read in the data's units and scaled before the network sees them, and outputs are unscaled
    /// back (a value that leaves float32's range becomes infinite).
    public var scaler: Scaler?

    /// The seed's network on its fast path.
    public init(_ weights: ElmanWeights) { path = .seed(RunningCell(weights)) }

    /// Any network, on the general networks' inference path.
    public init(_ parameters: StateDict<Float>) {
        let inference = NetworkInference(parameters)
        path = .network(inference, inference.zeroState)
    }

    /// Reads `row` (D values) and returns the output (O values): the prediction of the row that follows.
    public mutating func step(_ row: [Float]) -> [Float] {
        let input = scaler.map { $0.scaled([row])?[0] ?? row.map { _ in .infinity } } ?? row
        let output: [Float]
        switch path {
        case .seed(var cell):
            output = [cell.step(input[0])]
            path = .seed(cell)
        case .network(let inference, var state):
            output = inference.step(input, state: &state)
            path = .network(inference, state)
        }
        return scaler.map { $0.unscaledOutputs([output])?[0] ?? output.map { _ in .infinity } } ?? output
    }

    /// The `steps` outputs that follow the rows read so far when each is fed back as the next input (the first is
    /// the output of the last row read, `last`); leaves this runner as it was. Needs O = D.
    public func freeRun(from last: [Float], steps: Int) -> [[Float]] {
        var runner = self, y = last, outputs: [[Float]] = []
        outputs.reserveCapacity(steps)
        for index in 0..<steps {
            outputs.append(y)
            if index + 1 < steps { y = runner.step(y) }
        }
        return outputs
    }
}
