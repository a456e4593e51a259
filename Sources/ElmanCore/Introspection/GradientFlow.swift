/// What a gradient-flow measurement differentiates (`ReferenceNetwork.gradientFlow`).
public enum GradientFlowTarget: String, Equatable, Sendable, CaseIterable {
    /// The total loss over the whole series: Σ_t of `Loss` over every step, as one window.
    case loss
    /// The sum of the last step's outputs, Σ_o y_T[o].
    case output
}

extension ReferenceNetwork {
    /// How strongly each step's hidden state influences a target, for one sequence: norms[l][s] = ‖∂L/∂h_s‖₂ of
    /// layer l's state h_s after step s, by full back-propagation through every step (teacher-forced from zero
    /// states, one window over the whole series, no truncation). L is `target`: the series' total `loss` against
    /// `targets` (steps × O), or the sum of the last step's outputs (then `targets` and `loss` are not used).
    ///
    /// ∂L/∂h_s is the total derivative: through the head at step s, the layer above, and every later step, as
    /// PyTorch's autograd gives it for h_s (`retain_grad`). The vanishing-gradient picture is how norms[l][s] falls
    /// as s moves away from the last step.
    ///
    /// Precondition: `inputs` (steps × D) and `targets` have the same number of steps ≥ 1.
    public static func gradientFlow<Scalar>(
        _ parameters: StateDict<Scalar>, inputs: [[Scalar]], targets: [[Scalar]], loss: Loss,
        of target: GradientFlowTarget
    ) -> [[Scalar]] {
        precondition(!inputs.isEmpty && inputs.count == targets.count, "one target row per input row, at least one")
        let network = parameters.network
        let tape = forward(parameters, inputs: inputs, from: LayerState.zeros(network))
        let outputGradients: [[Scalar]]
        switch target {
        case .loss:
            let errors = zip(tape.outputs, targets).map { output, row in zip(output, row).map { $0 - $1 } }
            outputGradients = loss.gradient(errors: [errors])[0]
        case .output:
            let zero = [Scalar](repeating: 0, count: network.outputSize)
            outputGradients = tape.outputs.indices.map { t in
                t == inputs.count - 1 ? [Scalar](repeating: 1, count: network.outputSize) : zero
            }
        }
        var gradients = Gradients(parameters)
        var norms = [[Scalar]](repeating: [Scalar](repeating: 0, count: inputs.count), count: network.numLayers)
        backward(parameters, tape, outputGradients: outputGradients, into: &gradients) { t, l, dh in
            norms[l][t] = dh.reduce(0) { $0 + $1 * $1 }.squareRoot()
        }
        return norms
    }
}
