/// nn.LSTM's cell, gates in PyTorch's order i, f, g, o (rows 0…H−1, H…2H−1, 2H…3H−1, 3H…4H−1 of the weights):
///
///     [a_i, a_f, a_g, a_o] = W_ih x + b_ih + W_hh h + b_hh
///     i = σ(a_i)   f = σ(a_f)   g = tanh(a_g)   o = σ(a_o)
///     c′ = f ⊙ c + i ⊙ g        h′ = o ⊙ tanh(c′)
///
/// Back-propagation from ∂h′ and ∂c′ (the latter from the next step):
///
///     ∂c′ ← ∂c′ + ∂h′ ⊙ o ⊙ (1 − tanh²c′)     ∂c = ∂c′ ⊙ f
///     ∂a_i = ∂c′ ⊙ g ⊙ i(1 − i)    ∂a_f = ∂c′ ⊙ c ⊙ f(1 − f)
///     ∂a_g = ∂c′ ⊙ i ⊙ (1 − g²)    ∂a_o = ∂h′ ⊙ tanh c′ ⊙ o(1 − o)
///
/// then the affine maps as in `LayerTensors.backPropagateAffine` with ∂a for both.
enum LSTMCell {
    static func forward<Scalar>(_ weights: LayerTensors<Scalar>, input: [Scalar], previous: LayerState<Scalar>)
        -> CellStep<Scalar>
    {
        var gates = weights.preActivation(input: input, h: previous.h)
        let n = previous.h.count
        for j in 0..<n {
            gates[j] = Scalar.sigmoid(gates[j])
            gates[n + j] = Scalar.sigmoid(gates[n + j])
            gates[2 * n + j] = Scalar.hyperbolicTangent(gates[2 * n + j])
            gates[3 * n + j] = Scalar.sigmoid(gates[3 * n + j])
        }
        let c = (0..<n).map { j in gates[n + j] * previous.c[j] + gates[j] * gates[2 * n + j] }
        let tanhC = c.map { Scalar.hyperbolicTangent($0) }
        let h = (0..<n).map { j in gates[3 * n + j] * tanhC[j] }
        return CellStep(input: input, previous: previous, gates: gates, auxiliary: tanhC, state: LayerState(h: h, c: c))
    }

    static func backward<Scalar>(
        _ step: CellStep<Scalar>, weights: LayerTensors<Scalar>, dh: [Scalar], dc: [Scalar],
        into gradients: inout LayerTensors<Scalar>
    ) -> CellGradients<Scalar> {
        let n = dh.count, gates = step.gates, tanhC = step.auxiliary
        var da = [Scalar](repeating: 0, count: 4 * n), dcPrevious = [Scalar](repeating: 0, count: n)
        for j in 0..<n {
            let i = gates[j], f = gates[n + j], g = gates[2 * n + j], o = gates[3 * n + j]
            let dcTotal = dc[j] + dh[j] * o * (1 - tanhC[j] * tanhC[j])
            da[j] = dcTotal * g * i * (1 - i)
            da[n + j] = dcTotal * step.previous.c[j] * f * (1 - f)
            da[2 * n + j] = dcTotal * i * (1 - g * g)
            da[3 * n + j] = dh[j] * tanhC[j] * o * (1 - o)
            dcPrevious[j] = dcTotal * f
        }
        let back = weights.backPropagateAffine(
            dInput: da, dHidden: da, input: step.input, h: step.previous.h, into: &gradients)
        return CellGradients(input: back.input, previous: LayerState(h: back.h, c: dcPrevious))
    }
}
