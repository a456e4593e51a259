/// What a general recurrent network is: the PyTorch module
///
///     rnn  = nn.RNN | nn.LSTM | nn.GRU(inputSize, hiddenSize, numLayers, bias: bias, batch_first: true)
///     head = nn.Linear(hiddenSize, outputSize, bias: bias)
///
/// whose output at each step is head(h of the top layer). Layer 0 reads the input (inputSize values), layer l > 0
/// reads layer l − 1's h (hiddenSize values). The cells' equations are in `RNNCell`, `LSTMCell` and `GRUCell`.
///
/// The seed's network is `.seed`: rnn, tanh, hidden 6, one layer, no bias, one input, one output.
///
/// Invariants: every size and `numLayers` are ≥ 1.
public struct NetworkDescription: Equatable, Hashable, Sendable {
    /// The nonlinearity of a plain `rnn` cell, as nn.RNN's `nonlinearity`.
    public enum Nonlinearity: String, Equatable, Hashable, Sendable {
        case tanh, relu
    }

    /// The recurrent cell, as PyTorch names it; described as "rnn tanh", "rnn relu", "lstm" or "gru".
    public enum Cell: Equatable, Hashable, Sendable, CustomStringConvertible {
        case rnn(Nonlinearity)
        case lstm
        case gru

        /// G: how many H-row blocks weight_ih, weight_hh and the biases stack (1, 4 for i f g o, 3 for r z n).
        public var gateCount: Int {
            switch self {
            case .rnn: 1
            case .lstm: 4
            case .gru: 3
            }
        }

        public var description: String {
            switch self {
            case .rnn(let nonlinearity): "rnn \(nonlinearity.rawValue)"
            case .lstm: "lstm"
            case .gru: "gru"
            }
        }
    }

    public let cell: Cell
    /// D: the columns of each input row.
    public let inputSize: Int
    /// H: the size of every layer's h (and c for LSTM).
    public let hiddenSize: Int
    /// L: stacked layers.
    public let numLayers: Int
    /// O: the head's outputs per step.
    public let outputSize: Int
    /// Whether the cells have bias_ih and bias_hh and the head has a bias.
    public let bias: Bool

    /// Throws `ElmanError.shape` naming the first size that is below 1.
    public init(cell: Cell, inputSize: Int, hiddenSize: Int, numLayers: Int = 1, outputSize: Int, bias: Bool = true)
        throws
    {
        for (name, value) in [("input_size", inputSize), ("hidden_size", hiddenSize), ("num_layers", numLayers),
                              ("output_size", outputSize)] where value < 1 {
            throw ElmanError.shape("\(name) must be at least 1, got \(value)")
        }
        self.init(unchecked: cell, inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers,
                  outputSize: outputSize, bias: bias)
    }

    init(unchecked cell: Cell, inputSize: Int, hiddenSize: Int, numLayers: Int, outputSize: Int, bias: Bool) {
        self.cell = cell
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
        self.outputSize = outputSize
        self.bias = bias
    }

    /// The seed's network shape with hidden size `hiddenSize` (what `ElmanWeights` holds): rnn tanh, one layer, no
    /// bias, one input, one output. Precondition: hiddenSize ≥ 1.
    public static func elman(hiddenSize: Int) -> NetworkDescription {
        precondition(hiddenSize >= 1, "hiddenSize must be at least 1")
        return NetworkDescription(
            unchecked: .rnn(.tanh), inputSize: 1, hiddenSize: hiddenSize, numLayers: 1, outputSize: 1, bias: false)
    }

    /// The seed's network: `elman(hiddenSize: 6)`.
    public static let seed = elman(hiddenSize: ElmanWeights.seedHiddenSize)

    /// Whether this is an `elman(hiddenSize:)` network, whose weights `ElmanWeights` can hold.
    public var isElman: Bool { self == .elman(hiddenSize: hiddenSize) }

    /// The parameters in PyTorch's `named_parameters()` order with their shapes: for each layer l,
    /// rnn.weight_ih_l{l} (G·H, D or H), rnn.weight_hh_l{l} (G·H, H), then rnn.bias_ih_l{l} (G·H) and
    /// rnn.bias_hh_l{l} (G·H) when `bias`; then head.weight (O, H) and, when `bias`, head.bias (O).
    public var parameterShapes: [(name: String, shape: [Int])] {
        let rows = cell.gateCount * hiddenSize
        var shapes: [(name: String, shape: [Int])] = []
        for layer in 0..<numLayers {
            shapes.append(("rnn.weight_ih_l\(layer)", [rows, layer == 0 ? inputSize : hiddenSize]))
            shapes.append(("rnn.weight_hh_l\(layer)", [rows, hiddenSize]))
            if bias {
                shapes.append(("rnn.bias_ih_l\(layer)", [rows]))
                shapes.append(("rnn.bias_hh_l\(layer)", [rows]))
            }
        }
        shapes.append(("head.weight", [outputSize, hiddenSize]))
        if bias { shapes.append(("head.bias", [outputSize])) }
        return shapes
    }

    /// Tensors per layer in `parameterShapes`: 4 with bias, 2 without.
    var tensorsPerLayer: Int { bias ? 4 : 2 }
}
