/// A trained network run one row at a time from zero states, keeping its states between rows: on the seed's fast
/// path (`RunningCell`) for a network of the seed's kind, on `ReferenceNetwork` otherwise. A value type: a copy
/// continues independently from the same states, which is how a forecast branches off at an origin.
public struct StepRunner {
    private enum Path {
        case seed(RunningCell)
        case reference(StateDict<Float>, [LayerState<Float>])
    }

    private var path: Path

    /// The seed's network on its fast path.
    public init(_ weights: ElmanWeights) { path = .seed(RunningCell(weights)) }

    /// Any network on the reference path.
    public init(_ parameters: StateDict<Float>) { path = .reference(parameters, LayerState.zeros(parameters.network)) }

    /// Reads `row` (D values) and returns the output (O values): the prediction of the row that follows.
    public mutating func step(_ row: [Float]) -> [Float] {
        switch path {
        case .seed(var cell):
            let y = cell.step(row[0])
            path = .seed(cell)
            return [y]
        case .reference(let parameters, let states):
            let (outputs, next) = ReferenceNetwork.run(parameters, inputs: [row], from: states)
            path = .reference(parameters, next)
            return outputs[0]
        }
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
