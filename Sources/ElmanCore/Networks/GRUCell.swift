/// nn.GRU's cell, gates in PyTorch's order r, z, n (rows 0…H−1, H…2H−1, 2H…3H−1 of the weights):
///
///     [i_r, i_z, i_n] = W_ih x + b_ih        [h_r, h_z, h_n] = W_hh h + b_hh
///     r = σ(i_r + h_r)   z = σ(i_z + h_z)   n = tanh(i_n + r ⊙ h_n)
///     h′ = (1 − z) ⊙ n + z ⊙ h
///
/// Back-propagation from ∂h′:
///
///     ∂a_n = ∂h′ ⊙ (1 − z) ⊙ (1 − n²)      (a_n = i_n + r ⊙ h_n)
///     ∂i_n = ∂a_n    ∂h_n = ∂a_n ⊙ r     ∂a_r = ∂a_n ⊙ h_n ⊙ r(1 − r)    ∂a_z = ∂h′ ⊙ (h − n) ⊙ z(1 − z)
///     ∂i = [∂a_r, ∂a_z, ∂i_n]    ∂(W_hh h + b_hh) = [∂a_r, ∂a_z, ∂h_n]
///     ∂h = ∂h′ ⊙ z + W_hhᵀ ∂(W_hh h + b_hh)
enum GRUCell {
    static func forward<Scalar>(_ weights: LayerTensors<Scalar>, input: [Scalar], previous: LayerState<Scalar>)
        -> CellStep<Scalar>
    {
        let n = previous.h.count
        var fromInput = weights.biasIH.isEmpty ? [Scalar](repeating: 0, count: 3 * n) : weights.biasIH
        var fromHidden = weights.biasHH.isEmpty ? [Scalar](repeating: 0, count: 3 * n) : weights.biasHH
        accumulateProduct(&fromInput, weights.weightIH, input)
        accumulateProduct(&fromHidden, weights.weightHH, previous.h)
        var gates = [Scalar](repeating: 0, count: 3 * n)
        for j in 0..<n {
            gates[j] = Scalar.sigmoid(fromInput[j] + fromHidden[j])
            gates[n + j] = Scalar.sigmoid(fromInput[n + j] + fromHidden[n + j])
            gates[2 * n + j] = Scalar.hyperbolicTangent(fromInput[2 * n + j] + gates[j] * fromHidden[2 * n + j])
        }
        let h = (0..<n).map { j in (1 - gates[n + j]) * gates[2 * n + j] + gates[n + j] * previous.h[j] }
        return CellStep(input: input, previous: previous, gates: gates, auxiliary: Array(fromHidden[(2 * n)...]),
                        state: LayerState(h: h, c: []))
    }

    static func backward<Scalar>(
        _ step: CellStep<Scalar>, weights: LayerTensors<Scalar>, dh: [Scalar],
        into gradients: inout LayerTensors<Scalar>
    ) -> CellGradients<Scalar> {
        let n = dh.count, gates = step.gates, hiddenN = step.auxiliary, previous = step.previous.h
        var dInput = [Scalar](repeating: 0, count: 3 * n), dHidden = [Scalar](repeating: 0, count: 3 * n)
        for j in 0..<n {
            let r = gates[j], z = gates[n + j], candidate = gates[2 * n + j]
            let dCandidate = dh[j] * (1 - z) * (1 - candidate * candidate)
            let dr = dCandidate * hiddenN[j] * r * (1 - r)
            let dz = dh[j] * (previous[j] - candidate) * z * (1 - z)
            dInput[j] = dr
            dInput[n + j] = dz
            dInput[2 * n + j] = dCandidate
            dHidden[j] = dr
            dHidden[n + j] = dz
            dHidden[2 * n + j] = dCandidate * r
        }
        var back = weights.backPropagateAffine(
            dInput: dInput, dHidden: dHidden, input: step.input, h: previous, into: &gradients)
        for j in 0..<n { back.h[j] += dh[j] * gates[n + j] }
        return CellGradients(input: back.input, previous: LayerState(h: back.h, c: []))
    }
}
