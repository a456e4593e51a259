/// nn.RNN's cell:  h′ = act(W_ih x + b_ih + W_hh h + b_hh),  act = tanh or relu.
///
/// Back-propagation, with δ = ∂loss/∂h′ ⊙ act′ (1 − h′² for tanh; 1 where h′ > 0, else 0, for relu):
/// ∂W_ih += δ xᵀ, ∂W_hh += δ hᵀ, ∂b_ih = ∂b_hh += δ, ∂x = W_ihᵀ δ, ∂h = W_hhᵀ δ.
enum RNNCell {
    static func forward<Scalar>(
        _ weights: LayerTensors<Scalar>, nonlinearity: NetworkDescription.Nonlinearity, input: [Scalar],
        previous: LayerState<Scalar>
    ) -> CellStep<Scalar> {
        let h = weights.preActivation(input: input, h: previous.h).map { a in
            switch nonlinearity {
            case .tanh: Scalar.hyperbolicTangent(a)
            case .relu: Scalar.rectifiedLinear(a)
            }
        }
        return CellStep(input: input, previous: previous, gates: h, auxiliary: [], state: LayerState(h: h, c: []))
    }

    static func backward<Scalar>(
        _ step: CellStep<Scalar>, weights: LayerTensors<Scalar>, nonlinearity: NetworkDescription.Nonlinearity,
        dh: [Scalar], into gradients: inout LayerTensors<Scalar>
    ) -> CellGradients<Scalar> {
        let h = step.state.h
        let delta = h.indices.map { j in
            switch nonlinearity {
            case .tanh: dh[j] * (1 - h[j] * h[j])
            case .relu: h[j] > 0 ? dh[j] : 0
            }
        }
        let back = weights.backPropagateAffine(
            dInput: delta, dHidden: delta, input: step.input, h: step.previous.h, into: &gradients)
        return CellGradients(input: back.input, previous: LayerState(h: back.h, c: []))
    }
}
