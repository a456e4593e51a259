/// The forward pass of one cell step and of the head on `NetworkLayout`'s flat parameters, shared by training
/// (`NetworkWorkspace`) and inference (`NetworkInference`), so both compute the same sums in the same order.
extension NetworkLayout {
    /// Starts a layer's pre-activations from its biases: `gates` = b_ih + b_hh, or for GRU `gates` = b_ih and
    /// `hiddenSum` = b_hh (zeros without bias).
    @inline(__always)
    func startPreActivation(_ layer: Layer, parameters: UnsafePointer<Float>, gates: UnsafeMutablePointer<Float>,
                            hiddenSum: UnsafeMutablePointer<Float>) {
        let biasIH = layer.biases.map { parameters + $0.ih }, biasHH = layer.biases.map { parameters + $0.hh }
        if network.cell == .gru {
            setSum(gates, biasIH, nil, lanes: gateLanes)
            setSum(hiddenSum, biasHH, nil, lanes: gateLanes)
        } else {
            setSum(gates, biasIH, biasHH, lanes: gateLanes)
        }
    }

    /// acc += Wᵀz over `count` rows of W (C lanes each) and z's `count` values: through OpenBLAS when `routed`.
    @inline(__always)
    func accumulate(into acc: UnsafeMutablePointer<Float>, rows: UnsafePointer<Float>, values: UnsafePointer<Float>,
                    count: Int, routed: Bool) {
        if routed {
            BLAS.accumulateTransposedProduct(into: acc, rows, rows: count, columns: gateLanes, values)
        } else {
            accumulateRows(into: acc, rows: rows, lanes: gateLanes, values: values, count: count)
        }
    }

    /// The products of layer l's step after `startPreActivation`: `tape.gates` += W_ihᵀx and hiddenSum += W_hhᵀh
    /// (hiddenSum is `hiddenPre` for GRU, `tape.gates` otherwise), through OpenBLAS when `routed` (never the first
    /// layer's input rows, a few columns of data).
    @inline(__always)
    func accumulateProducts(_ l: Int, parameters: UnsafePointer<Float>, input x: UnsafePointer<Float>, tape: CellTape,
                            hiddenPre: UnsafeMutablePointer<Float>, routed: Bool) {
        let layer = layers[l], weights = parameters + layer.weights
        accumulate(into: tape.gates, rows: weights, values: x, count: layer.inputSize, routed: routed && l > 0)
        accumulate(into: network.cell == .gru ? hiddenPre : tape.gates, rows: weights + layer.inputSize * gateLanes,
                   values: tape.hPrevious, count: network.hiddenSize, routed: routed)
    }

    /// y[o] = head.weight[o]·h_top + head.bias[o].
    @inline(__always)
    func output(_ o: Int, parameters: UnsafePointer<Float>, top: UnsafePointer<Float>) -> Float {
        let row = parameters + headWeight + o * hiddenLanes
        var sum = Block()
        for block in 0..<hiddenLanes / Block.scalarCount { sum += load(row, block: block) * load(top, block: block) }
        return sum.sum() + (headBias.map { parameters[$0 + o] } ?? 0)
    }
}
