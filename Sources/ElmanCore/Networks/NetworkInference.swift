/// Forward-only runs of a general network on the fast path's layout and kernels (`NetworkLayout`, the cells'
/// `activate`, the forward products routed as `MatrixRouting` measured them): the teacher-forced outputs of
/// `ReferenceNetwork.predict` and the free-running outputs of `ReferenceNetwork.generate`, to rounding (sums over
/// blocks of lanes, the vectorised tanh, OpenBLAS from hidden 512). This is how the worker runs `predict`,
/// `generate`, and the step-by-step forecasts of `evaluate` and `backtest` (`StepRunner`) for networks other than
/// the seed's, which keeps its own path.
///
/// Immutable once made (the parameters in the fast layout), so one may serve several threads; the states a run
/// carries from row to row are the caller's (`State`), or each call's own for `predict` and `generate`.
public final class NetworkInference: @unchecked Sendable {
    /// Each layer's h, then each layer's c (LSTM; zeros for the others): 2·L·Hp values, from zero before any row.
    public struct State: Sendable {
        fileprivate var values: [Float]
    }

    let layout: NetworkLayout
    private let routed: Bool
    private let memory: UnsafeMutableBufferPointer<Float>

    public init(_ parameters: StateDict<Float>) {
        layout = NetworkLayout(parameters.network)
        routed = MatrixRouting(measuredFor: parameters.network, termsPerWindow: 1).forward
        memory = WorkspaceMemory.floats(count: layout.count)
        layout.store(parameters, into: memory.baseAddress!)
    }

    deinit { WorkspaceMemory.release(memory) }

    /// The states before the first row: all zero.
    public var zeroState: State { State(values: [Float](repeating: 0, count: stateCount)) }

    /// Reads `row` (D values) from `state`, leaves the states after it there, and returns the O outputs.
    public func step(_ row: [Float], state: inout State) -> [Float] {
        precondition(row.count == layout.network.inputSize, "a row of the network's input size")
        var output = [Float](repeating: 0, count: layout.network.outputSize)
        withScratch { scratch in
            state.values.withUnsafeMutableBufferPointer { states in
                output.withUnsafeMutableBufferPointer { out in
                    step(row, states: states.baseAddress!, scratch: scratch, into: out.baseAddress!)
                }
            }
        }
        return output
    }

    /// Teacher-forced outputs from zero states, B × T × O for inputs B × T × D (D the network's input size).
    public func predict(_ inputs: SequenceBatch) -> SequenceBatch {
        let network = layout.network
        precondition(inputs.width == network.inputSize, "inputs of the network's input size")
        var outputs = [Float](repeating: 0, count: inputs.count * inputs.length * network.outputSize)
        withScratch { scratch in
            inputs.values.withUnsafeBufferPointer { rows in
                outputs.withUnsafeMutableBufferPointer { out in
                    for b in 0..<inputs.count {
                        scratch.states.update(repeating: 0, count: stateCount)
                        for t in 0..<inputs.length {
                            let row = b * inputs.length + t
                            step(rows.baseAddress! + row * inputs.width, states: scratch.states, scratch: scratch,
                                 into: out.baseAddress! + row * network.outputSize)
                        }
                    }
                }
            }
        }
        return SequenceBatch(count: inputs.count, length: inputs.length, width: network.outputSize, values: outputs)
    }

    /// For each sequence of `prime` (B × P × D, P ≥ 1), runs over its rows from zero states, then feeds each output
    /// back as the next input: the B × steps × O outputs fed back, the first being the output after the prime's
    /// last row (`ReferenceNetwork.generate`).
    ///
    /// Preconditions: O = D; P ≥ 1; steps ≥ 0.
    public func generate(prime: SequenceBatch, steps: Int) -> SequenceBatch {
        let network = layout.network, width = network.outputSize
        precondition(width == network.inputSize && prime.width == width, "generation feeds outputs back: O = D")
        precondition(prime.length >= 1 && steps >= 0, "generation needs a prime row and steps ≥ 0")
        var outputs = [Float](repeating: 0, count: prime.count * steps * width)
        withScratch { scratch in
            prime.values.withUnsafeBufferPointer { rows in
                outputs.withUnsafeMutableBufferPointer { out in
                    let y = scratch.output
                    for b in 0..<prime.count {
                        scratch.states.update(repeating: 0, count: stateCount)
                        for t in 0..<prime.length {
                            step(rows.baseAddress! + (b * prime.length + t) * width, states: scratch.states,
                                 scratch: scratch, into: y)
                        }
                        for s in 0..<steps {
                            let slot = out.baseAddress! + (b * steps + s) * width
                            slot.update(from: y, count: width)
                            if s + 1 < steps { step(slot, states: scratch.states, scratch: scratch, into: y) }
                        }
                    }
                }
            }
        }
        return SequenceBatch(count: prime.count, length: steps, width: width, values: outputs)
    }

    private var stateCount: Int { 2 * layout.network.numLayers * layout.hiddenLanes }

    /// One step's working memory: the new h and c (Hp each), the gates (C), the auxiliary (Hp), GRU's W_hh h + b_hh
    /// (C), the O outputs; and a `State`'s worth for `predict` and `generate`.
    private struct Scratch {
        let nextH, nextC, gates, auxiliary, hiddenPre, output, states: UnsafeMutablePointer<Float>
    }

    private func withScratch<Result>(_ body: (Scratch) -> Result) -> Result {
        let hp = layout.hiddenLanes, c = layout.gateLanes
        let sizes = [hp, hp, c, hp, c, layout.network.outputSize, stateCount]
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: sizes.reduce(0, +)) { buffer in
            buffer.initialize(repeating: 0)
            var next = buffer.baseAddress!
            let pointers = sizes.map { size in
                defer { next += size }
                return next
            }
            return body(Scratch(nextH: pointers[0], nextC: pointers[1], gates: pointers[2], auxiliary: pointers[3],
                                hiddenPre: pointers[4], output: pointers[5], states: pointers[6]))
        }
    }

    /// Reads `row` (D values) through every layer, bottom-up, from and into `states` (a `State`'s values), and
    /// writes the head's O outputs to `output`.
    private func step(_ row: UnsafePointer<Float>, states: UnsafeMutablePointer<Float>, scratch: Scratch,
                      into output: UnsafeMutablePointer<Float>) {
        let network = layout.network, hp = layout.hiddenLanes, parameters = UnsafePointer(memory.baseAddress!)
        var x = row
        for (l, layer) in layout.layers.enumerated() {
            let h = states + l * hp, c = states + (network.numLayers + l) * hp
            let tape = CellTape(hPrevious: h, cPrevious: c, gates: scratch.gates, auxiliary: scratch.auxiliary,
                                h: scratch.nextH, c: scratch.nextC)
            layout.startPreActivation(layer, parameters: parameters, gates: scratch.gates, hiddenSum: scratch.hiddenPre)
            layout.accumulateProducts(l, parameters: parameters, input: x, tape: tape, hiddenPre: scratch.hiddenPre,
                                      routed: routed)
            network.cell.activate(tape, hiddenPre: scratch.hiddenPre, hiddenLanes: hp)
            h.update(from: scratch.nextH, count: hp)
            if network.cell == .lstm { c.update(from: scratch.nextC, count: hp) }
            x = UnsafePointer(h)
        }
        for o in 0..<network.outputSize { output[o] = layout.output(o, parameters: parameters, top: x) }
    }
}
