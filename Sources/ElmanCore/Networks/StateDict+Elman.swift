/// The seed network's weights ↔ its state_dict. With H hidden units, W1 = [weight_ih_l0ᵀ; weight_hh_l0ᵀ]
/// ((1 + H) × H, row 0 the input) and W2 = head.weightᵀ (H × 1):
///
///     W1[0][j] = weight_ih_l0[j, 0]     W1[i + 1][j] = weight_hh_l0[j, i]     W2[j] = head.weight[0, j]
extension StateDict where Scalar == Float {
    /// The state_dict of `NetworkDescription.elman(hiddenSize: weights.hiddenSize)` holding `weights`.
    public init(_ weights: ElmanWeights) {
        let n = weights.hiddenSize, network = NetworkDescription.elman(hiddenSize: n)
        let weightIH = (0..<n).map { j in weights.w1[j] }
        let weightHH = (0..<n).flatMap { j in (0..<n).map { i in weights.w1[(i + 1) * n + j] } }
        self.init(network, layers: [LayerTensors(weightIH: weightIH, weightHH: weightHH, biasIH: [], biasHH: [])],
                  headWeight: weights.w2, headBias: [])
    }
}

extension ElmanWeights {
    /// The seed-layout weights of an `elman(hiddenSize:)` network's state_dict. Throws `ElmanError.shape` for any
    /// other network.
    public init(_ stateDict: StateDict<Float>) throws {
        let network = stateDict.network, n = network.hiddenSize
        guard network.isElman else {
            throw ElmanError.shape("w1/w2 hold only a one-layer tanh rnn without bias, one input and one output")
        }
        let layer = stateDict.layer(0)
        let w1 = (0...n).flatMap { row in
            (0..<n).map { j in row == 0 ? layer.weightIH[j] : layer.weightHH[j * n + row - 1] }
        }
        self.init(unchecked: n, w1: w1, w2: stateDict.head.weight)
    }
}
