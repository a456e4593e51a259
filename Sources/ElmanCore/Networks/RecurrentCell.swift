/// One layer's recurrent state for one sequence: h (H values) and, for LSTM, the cell state c (H values; empty for
/// rnn and gru). Each epoch starts from zeros.
public struct LayerState<Scalar: ReferenceScalar>: Equatable, Sendable {
    public var h: [Scalar]
    public var c: [Scalar]

    public init(h: [Scalar], c: [Scalar]) {
        self.h = h
        self.c = c
    }

    /// The zero state of every layer of `network`, for one sequence.
    public static func zeros(_ network: NetworkDescription) -> [LayerState] {
        let zero = [Scalar](repeating: 0, count: network.hiddenSize)
        return Array(repeating: LayerState(h: zero, c: network.cell == .lstm ? zero : []), count: network.numLayers)
    }
}

/// What one cell step keeps for back-propagation: its input, the state it started from, its activated gates
/// (G·H values in PyTorch's gate order), the cell's extra intermediate (`auxiliary`: tanh c′ for LSTM,
/// W_hn h + b_hn for GRU, empty for rnn) and the state it produced.
struct CellStep<Scalar: ReferenceScalar> {
    let input: [Scalar]
    let previous: LayerState<Scalar>
    let gates: [Scalar]
    let auxiliary: [Scalar]
    let state: LayerState<Scalar>
}

/// The gradients one cell step sends back: to its input (dx, for the layer below) and to the state it started
/// from (dh, and dc for LSTM).
struct CellGradients<Scalar: ReferenceScalar> {
    let input: [Scalar]
    let previous: LayerState<Scalar>
}

extension NetworkDescription.Cell {
    /// One step of this cell for one sequence: the state after reading `input` from `previous`.
    func forward<Scalar>(_ weights: LayerTensors<Scalar>, input: [Scalar], previous: LayerState<Scalar>)
        -> CellStep<Scalar>
    {
        switch self {
        case .rnn(let nonlinearity):
            RNNCell.forward(weights, nonlinearity: nonlinearity, input: input, previous: previous)
        case .lstm: LSTMCell.forward(weights, input: input, previous: previous)
        case .gru: GRUCell.forward(weights, input: input, previous: previous)
        }
    }

    /// Back-propagates through `step`: given ∂loss/∂h′ (`dh`) and, for LSTM, ∂loss/∂c′ (`dc`) of the state it
    /// produced, adds its parameters' gradients to `gradients` and returns those of its input and previous state.
    func backward<Scalar>(
        _ step: CellStep<Scalar>, weights: LayerTensors<Scalar>, dh: [Scalar], dc: [Scalar],
        into gradients: inout LayerTensors<Scalar>
    ) -> CellGradients<Scalar> {
        switch self {
        case .rnn(let nonlinearity):
            RNNCell.backward(step, weights: weights, nonlinearity: nonlinearity, dh: dh, into: &gradients)
        case .lstm: LSTMCell.backward(step, weights: weights, dh: dh, dc: dc, into: &gradients)
        case .gru: GRUCell.backward(step, weights: weights, dh: dh, into: &gradients)
        }
    }
}

extension LayerTensors {
    /// The summed pre-activations of rnn and LSTM, G·H values: b_ih + b_hh + W_ih x + W_hh h (without bias,
    /// from zero), accumulated in that order.
    func preActivation(input: [Scalar], h: [Scalar]) -> [Scalar] {
        var sum = [Scalar](repeating: 0, count: weightHH.count / h.count)
        if !biasIH.isEmpty {
            accumulate(&sum, biasIH)
            accumulate(&sum, biasHH)
        }
        accumulateProduct(&sum, weightIH, input)
        accumulateProduct(&sum, weightHH, h)
        return sum
    }

    /// Back-propagates the affine maps a_ih = W_ih x + b_ih and a_hh = W_hh h + b_hh given ∂loss/∂a_ih (`dInput`)
    /// and ∂loss/∂a_hh (`dHidden`): adds ∂W_ih += dInput·xᵀ, ∂b_ih += dInput, ∂W_hh += dHidden·hᵀ,
    /// ∂b_hh += dHidden to `gradients`, and returns (W_ihᵀ·dInput, W_hhᵀ·dHidden), the gradients of x and h.
    func backPropagateAffine(
        dInput: [Scalar], dHidden: [Scalar], input: [Scalar], h: [Scalar], into gradients: inout LayerTensors
    ) -> (input: [Scalar], h: [Scalar]) {
        accumulateOuterProduct(&gradients.weightIH, dInput, input)
        accumulateOuterProduct(&gradients.weightHH, dHidden, h)
        if !biasIH.isEmpty {
            accumulate(&gradients.biasIH, dInput)
            accumulate(&gradients.biasHH, dHidden)
        }
        var dx = [Scalar](repeating: 0, count: input.count), dh = [Scalar](repeating: 0, count: h.count)
        accumulateTransposedProduct(&dx, weightIH, dInput)
        accumulateTransposedProduct(&dh, weightHH, dHidden)
        return (dx, dh)
    }
}
