/// How the fast path (`NetworkWorkspace`) stores a general network's parameters: one flat Float buffer whose
/// segments are each a whole number of `Block`s, padding lanes zero. With H hidden units, Hp = H rounded up to
/// `Block.scalarCount`, G gates (1 rnn, 4 lstm, 3 gru) and C = G·Hp, layer l (input size D_l: D, then H) holds
///
///     W    D_l + H rows of C: row i < D_l is column i of weight_ih_l, row D_l + j is column j of weight_hh_l
///          (the transposes, as the seed's W1 = [W_ihᵀ; W_hhᵀ]); PyTorch's row g·H + j (gate g, unit j) is column g·Hp + j
///     b_ih, b_hh   C each, when the network has biases
///
/// then the head: O rows of Hp (head.weight's rows) and, with biases, head.bias in one segment of Op = O rounded up.
///
/// Invariant: padding lanes hold zero and stay zero through training. A padded gate column has zero weights and
/// bias, so its pre-activation is 0 and its unit's h stays 0 for every cell (rnn: act 0 = 0; LSTM: c′ = f·0 + i·tanh 0;
/// GRU: h′ = (1 − z)·tanh 0 + z·0); back-propagated signals on those columns are then 0, so are their gradients, and
/// every optimiser leaves a parameter with zero gradient and zero value at zero.
struct NetworkLayout: Sendable {
    /// Where one layer's segments start in the flat buffer.
    struct Layer: Sendable {
        /// D_l.
        let inputSize: Int
        /// Offset of W (D_l + H rows of C).
        let weights: Int
        /// Offsets of b_ih and b_hh; nil without bias.
        let biases: (ih: Int, hh: Int)?

        /// D_l + H.
        func rows(hidden: Int) -> Int { inputSize + hidden }
    }

    let network: NetworkDescription
    /// Hp.
    let hiddenLanes: Int
    /// C = G·Hp.
    let gateLanes: Int
    /// Op.
    let outputLanes: Int
    let layers: [Layer]
    /// Offset of the head's O rows of Hp.
    let headWeight: Int
    /// Offset of head.bias's Op values; nil without bias.
    let headBias: Int?
    /// Floats in the whole buffer.
    let count: Int

    init(_ network: NetworkDescription) {
        self.network = network
        hiddenLanes = Self.padded(network.hiddenSize)
        gateLanes = network.cell.gateCount * hiddenLanes
        outputLanes = Self.padded(network.outputSize)
        var next = 0, layers: [Layer] = []
        for l in 0..<network.numLayers {
            let inputSize = l == 0 ? network.inputSize : network.hiddenSize
            let weights = next
            next += (inputSize + network.hiddenSize) * gateLanes
            var biases: (Int, Int)?
            if network.bias {
                biases = (next, next + gateLanes)
                next += 2 * gateLanes
            }
            layers.append(Layer(inputSize: inputSize, weights: weights, biases: biases))
        }
        self.layers = layers
        headWeight = next
        next += network.outputSize * hiddenLanes
        headBias = network.bias ? next : nil
        count = next + (network.bias ? outputLanes : 0)
    }

    /// `n` rounded up to a whole number of blocks.
    static func padded(_ n: Int) -> Int { (n + Block.scalarCount - 1) / Block.scalarCount * Block.scalarCount }

    /// Writes `parameters` (this layout's network) into `buffer`, every one of its `count` Floats: the padding
    /// lanes get zero (`zeroPadding`), so the buffer may hold anything before.
    func store(_ parameters: StateDict<Float>, into buffer: UnsafeMutablePointer<Float>) {
        zeroPadding(buffer)
        let hidden = network.hiddenSize, gateRows = network.cell.gateCount * hidden
        for (l, layer) in layers.enumerated() {
            let tensors = parameters.layer(l), hiddenRows = buffer + layer.weights + layer.inputSize * gateLanes
            for g in 0..<network.cell.gateCount {
                // Gate g's H rows of PyTorch's matrices become columns g·Hp… of W's rows.
                tensors.weightIH.withUnsafeBufferPointer { weights in
                    BLAS.transpose(weights.baseAddress! + g * hidden * layer.inputSize, rows: hidden,
                                   columns: layer.inputSize, stride: layer.inputSize,
                                   into: buffer + layer.weights + g * hiddenLanes, stride: gateLanes)
                }
                tensors.weightHH.withUnsafeBufferPointer { weights in
                    BLAS.transpose(weights.baseAddress! + g * hidden * hidden, rows: hidden, columns: hidden,
                                   stride: hidden, into: hiddenRows + g * hiddenLanes, stride: gateLanes)
                }
            }
            for r in 0..<gateRows {
                let column = gateColumn(r)
                if let biases = layer.biases {
                    buffer[biases.ih + column] = tensors.biasIH[r]
                    buffer[biases.hh + column] = tensors.biasHH[r]
                }
            }
        }
        let head = parameters.head
        for o in 0..<network.outputSize {
            for j in 0..<hidden { buffer[headWeight + o * hiddenLanes + j] = head.weight[o * hidden + j] }
            if let headBias { buffer[headBias + o] = head.bias[o] }
        }
    }

    /// Sets the padding lanes to zero, and nothing else: lanes H…Hp − 1 of every gate's columns in every row of W
    /// and in the biases, of every head row, and lanes O…Op − 1 of head.bias.
    private func zeroPadding(_ buffer: UnsafeMutablePointer<Float>) {
        let hidden = network.hiddenSize, gap = hiddenLanes - hidden
        func zeroGates(_ row: UnsafeMutablePointer<Float>) {
            for g in 0..<network.cell.gateCount { (row + g * hiddenLanes + hidden).initialize(repeating: 0, count: gap) }
        }
        if gap > 0 {
            for layer in layers {
                for r in 0..<layer.rows(hidden: hidden) { zeroGates(buffer + layer.weights + r * gateLanes) }
                if let biases = layer.biases {
                    zeroGates(buffer + biases.ih)
                    zeroGates(buffer + biases.hh)
                }
            }
            for o in 0..<network.outputSize {
                (buffer + headWeight + o * hiddenLanes + hidden).initialize(repeating: 0, count: gap)
            }
        }
        if let headBias {
            (buffer + headBias + network.outputSize).initialize(repeating: 0, count: outputLanes - network.outputSize)
        }
    }

    /// Reads `buffer` back as a state_dict: the inverse of `store`.
    func stateDict(_ buffer: UnsafePointer<Float>) -> StateDict<Float> {
        let hidden = network.hiddenSize, gateRows = network.cell.gateCount * hidden
        let layerTensors = layers.map { layer in
            // Gate g's columns g·Hp… of W's rows become its H rows of PyTorch's matrices, straight into the arrays
            // (no zero-filling first: 12 MB at GRU 1024).
            let hiddenRows = buffer + layer.weights + layer.inputSize * gateLanes
            var tensors = LayerTensors<Float>(
                weightIH: [Float](filling: gateRows * layer.inputSize) { weights in
                    for g in 0..<network.cell.gateCount {
                        BLAS.transpose(buffer + layer.weights + g * hiddenLanes, rows: layer.inputSize,
                                       columns: hidden, stride: gateLanes,
                                       into: weights.baseAddress! + g * hidden * layer.inputSize,
                                       stride: layer.inputSize)
                    }
                },
                weightHH: [Float](filling: gateRows * hidden) { weights in
                    for g in 0..<network.cell.gateCount {
                        BLAS.transpose(hiddenRows + g * hiddenLanes, rows: hidden, columns: hidden, stride: gateLanes,
                                       into: weights.baseAddress! + g * hidden * hidden, stride: hidden)
                    }
                },
                biasIH: layer.biases == nil ? [] : [Float](repeating: 0, count: gateRows),
                biasHH: layer.biases == nil ? [] : [Float](repeating: 0, count: gateRows))
            for r in 0..<gateRows {
                let column = gateColumn(r)
                if let biases = layer.biases {
                    tensors.biasIH[r] = buffer[biases.ih + column]
                    tensors.biasHH[r] = buffer[biases.hh + column]
                }
            }
            return tensors
        }
        let headWeights = (0..<network.outputSize).flatMap { o in
            (0..<hidden).map { j in buffer[headWeight + o * hiddenLanes + j] }
        }
        let headBiases = headBias.map { offset in (0..<network.outputSize).map { buffer[offset + $0] } } ?? []
        return StateDict(network, layers: layerTensors, headWeight: headWeights, headBias: headBiases)
    }

    /// The column of PyTorch's gate row r = g·H + j: g·Hp + j.
    private func gateColumn(_ r: Int) -> Int {
        r / network.hiddenSize * hiddenLanes + r % network.hiddenSize
    }
}
