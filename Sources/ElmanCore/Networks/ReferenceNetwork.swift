/// The reference path for general networks (`NetworkDescription`): forward and back-propagation through a window
/// written plainly, one sequence and one step at a time, generic over the scalar (Float to compare with PyTorch,
/// Double for finite-difference checks). Training, prediction and generation are in ReferenceNetwork+Training.swift.
///
/// At each step the input row goes through the layers bottom-up (layer l's h is layer l + 1's input) and the head
/// reads the top layer's h: y = head.weight · h + head.bias.
public enum ReferenceNetwork {
    /// What back-propagating a window yields: its loss, ∂loss/∂ of every state_dict entry, the outputs
    /// (B × steps × O) and each sequence's states after the window's last step.
    public struct Backpropagation<Scalar: ReferenceScalar>: Equatable, Sendable {
        public var loss: Scalar
        public var gradients: StateDict<Scalar>
        public var outputs: [[[Scalar]]]
        public var states: [[LayerState<Scalar>]]
    }

    /// Forward through a window for a batch, then back-propagation of its loss through the window's steps
    /// (truncated BPTT: the incoming `states`, one [LayerState] per sequence, are constants).
    ///
    /// `inputs` is B × steps × D and `targets` B × steps × O, both with the same number of steps ≥ 1.
    public static func backpropagate<Scalar>(
        _ parameters: StateDict<Scalar>, inputs: [[[Scalar]]], targets: [[[Scalar]]],
        states: [[LayerState<Scalar>]], loss: Loss
    ) -> Backpropagation<Scalar> {
        let tapes = inputs.indices.map { b in forward(parameters, inputs: inputs[b], from: states[b]) }
        let errors = tapes.indices.map { b in
            zip(tapes[b].outputs, targets[b]).map { output, target in zip(output, target).map { $0 - $1 } }
        }
        let outputGradients = loss.gradient(errors: errors)
        var gradients = Gradients(parameters)
        for b in tapes.indices {
            backward(parameters, tapes[b], outputGradients: outputGradients[b], into: &gradients)
        }
        return Backpropagation(
            loss: loss.value(errors: errors), gradients: gradients.stateDict(parameters.network),
            outputs: tapes.map(\.outputs), states: tapes.map(\.states))
    }

    /// The outputs (steps × O) of one sequence from `state`, and its states after the last step.
    public static func run<Scalar>(
        _ parameters: StateDict<Scalar>, inputs: [[Scalar]], from state: [LayerState<Scalar>]
    ) -> (outputs: [[Scalar]], states: [LayerState<Scalar>]) {
        let tape = forward(parameters, inputs: inputs, from: state)
        return (tape.outputs, tape.states)
    }

    /// One sequence's forward pass over a window, with what back-propagation needs: steps[t][l] is layer l's cell
    /// step at time t.
    struct Tape<Scalar: ReferenceScalar> {
        var steps: [[CellStep<Scalar>]] = []
        var outputs: [[Scalar]] = []
        var states: [LayerState<Scalar>]
    }

    static func forward<Scalar>(_ parameters: StateDict<Scalar>, inputs: [[Scalar]], from state: [LayerState<Scalar>])
        -> Tape<Scalar>
    {
        let network = parameters.network, head = parameters.head
        let layers = (0..<network.numLayers).map(parameters.layer)
        var tape = Tape(states: state)
        for x in inputs {
            var input = x, column: [CellStep<Scalar>] = []
            for l in layers.indices {
                let step = network.cell.forward(layers[l], input: input, previous: tape.states[l])
                tape.states[l] = step.state
                input = step.state.h
                column.append(step)
            }
            var y = head.bias.isEmpty ? [Scalar](repeating: 0, count: network.outputSize) : head.bias
            accumulateProduct(&y, head.weight, input)
            tape.outputs.append(y)
            tape.steps.append(column)
        }
        return tape
    }

    /// Back-propagation through one sequence's window, from the last step to the first, given ∂loss/∂y at each
    /// step (steps × O). At step t the head sends ∂h_top += head.weightᵀ ∂y_t and adds ∂head.weight += ∂y_t h_topᵀ,
    /// ∂head.bias += ∂y_t; each layer, top-down, receives ∂h′ = (its ∂h from step t + 1) + (∂x from the layer above,
    /// or the head's for the top), and ∂c′ from step t + 1 (LSTM); both are zero beyond the window's last step.
    ///
    /// `observe(t, l, dh)` sees each ∂h′ as it is complete: the total ∂loss/∂h of layer l's state after step t.
    static func backward<Scalar>(
        _ parameters: StateDict<Scalar>, _ tape: Tape<Scalar>, outputGradients: [[Scalar]],
        into gradients: inout Gradients<Scalar>,
        observe: (_ step: Int, _ layer: Int, _ dh: [Scalar]) -> Void = { _, _, _ in }
    ) {
        let network = parameters.network, head = parameters.head
        let layers = (0..<network.numLayers).map(parameters.layer)
        let top = network.numLayers - 1
        var fromLater = LayerState<Scalar>.zeros(network)
        for t in tape.steps.indices.reversed() {
            let dy = outputGradients[t]
            accumulateOuterProduct(&gradients.headWeight, dy, tape.steps[t][top].state.h)
            if !head.bias.isEmpty { accumulate(&gradients.headBias, dy) }
            var dh = fromLater[top].h
            accumulateTransposedProduct(&dh, head.weight, dy)
            for l in layers.indices.reversed() {
                observe(t, l, dh)
                let back = network.cell.backward(
                    tape.steps[t][l], weights: layers[l], dh: dh, dc: fromLater[l].c, into: &gradients.layers[l])
                fromLater[l] = back.previous
                if l > 0 {
                    dh = fromLater[l - 1].h
                    accumulate(&dh, back.input)
                }
            }
        }
    }

    /// A gradient sum being accumulated, per layer and head (see `StateDict.layer(_:)` and `StateDict.head`).
    struct Gradients<Scalar: ReferenceScalar> {
        var layers: [LayerTensors<Scalar>]
        var headWeight: [Scalar]
        var headBias: [Scalar]

        /// Zeros shaped like `parameters`.
        init(_ parameters: StateDict<Scalar>) {
            layers = (0..<parameters.network.numLayers).map { parameters.layer($0).zeros }
            headWeight = parameters.head.weight.map { _ in 0 }
            headBias = parameters.head.bias.map { _ in 0 }
        }

        func stateDict(_ network: NetworkDescription) -> StateDict<Scalar> {
            StateDict(network, layers: layers, headWeight: headWeight, headBias: headBias)
        }
    }
}
