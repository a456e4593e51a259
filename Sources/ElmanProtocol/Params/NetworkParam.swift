import ElmanCore
import ElmanJSON

/// The `network` parameter of `train`: `{"cell": "rnn"|"lstm"|"gru", "hidden_size": H, "num_layers": 1,
/// "bias": true, "nonlinearity": "tanh"|"relu"}` — cell and hidden_size required, the others PyTorch's defaults;
/// nonlinearity only for rnn. Input and output sizes are not part of it: they come from the data.
public struct NetworkParam: Equatable, Sendable {
    public var cell: NetworkDescription.Cell
    public var hiddenSize: Int
    public var numLayers: Int
    public var bias: Bool

    public init(cell: NetworkDescription.Cell, hiddenSize: Int, numLayers: Int = 1, bias: Bool = true) {
        self.cell = cell
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
        self.bias = bias
    }

    /// The network with `inputSize` columns in and `outputSize` out.
    public func description(inputSize: Int, outputSize: Int) -> NetworkDescription {
        // Every size was checked ≥ 1 when read, and the data's are ≥ 1 by construction.
        try! NetworkDescription(cell: cell, inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers,
                                outputSize: outputSize, bias: bias)
    }

    static func read(_ value: JSONValue, path: String, limits: Limits) throws -> NetworkParam {
        guard case .object(let members) = value else { throw RPCError.invalidParams(path, "must be an object") }
        var reader = ParamReader(members, path: path)
        let cellName = try reader.requiredString("cell")
        guard let hidden = try reader.int("hidden_size", minimum: 1) else {
            throw RPCError.invalidParams(reader.path("hidden_size"), "is required")
        }
        let layers = try reader.int("num_layers", minimum: 1) ?? 1
        let bias = try reader.bool("bias") ?? true
        let nonlinearity = try reader.string("nonlinearity")
        try reader.finish()
        let cell: NetworkDescription.Cell
        switch cellName {
        case "rnn":
            guard let kind = NetworkDescription.Nonlinearity(rawValue: nonlinearity ?? "tanh") else {
                throw RPCError.invalidParams(reader.path("nonlinearity"), "must be tanh or relu")
            }
            cell = .rnn(kind)
        case "lstm", "gru":
            if let nonlinearity, nonlinearity != "tanh" {
                throw RPCError.invalidParams(reader.path("nonlinearity"), "only tanh for lstm and gru (relu is for rnn)")
            }
            cell = cellName == "lstm" ? .lstm : .gru
        default:
            throw RPCError.invalidParams(reader.path("cell"), "must be rnn, lstm or gru")
        }
        guard hidden <= limits.maxHiddenSize else {
            throw RPCError.limitExceeded("max_hidden_size", value: hidden, max: limits.maxHiddenSize)
        }
        guard layers <= limits.maxLayers else {
            throw RPCError.limitExceeded("max_layers", value: layers, max: limits.maxLayers)
        }
        return NetworkParam(cell: cell, hiddenSize: hidden, numLayers: layers, bias: bias)
    }
}

/// The JSON of a network (in model summaries): `{"cell", "nonlinearity", "input_size", "hidden_size",
/// "num_layers", "output_size", "bias"}`; nonlinearity is "tanh" for lstm and gru (as the fixtures write it).
public enum NetworkCoding {
    public static func json(_ network: NetworkDescription) -> JSONValue {
        let (cell, nonlinearity) = switch network.cell {
        case .rnn(let kind): ("rnn", kind)
        case .lstm: ("lstm", NetworkDescription.Nonlinearity.tanh)
        case .gru: ("gru", NetworkDescription.Nonlinearity.tanh)
        }
        return [
            "cell": .string(cell), "nonlinearity": .string(nonlinearity.rawValue),
            "input_size": .number(Double(network.inputSize)), "hidden_size": .number(Double(network.hiddenSize)),
            "num_layers": .number(Double(network.numLayers)), "output_size": .number(Double(network.outputSize)),
            "bias": .bool(network.bias),
        ]
    }

    /// Reads what `json` wrote (saved model files).
    public static func read(_ value: JSONValue, path: String, limits: Limits) throws -> NetworkDescription {
        guard case .object(var members) = value else { throw RPCError.invalidParams(path, "must be an object") }
        var sizes = ParamReader(members, path: path)
        let input = try sizes.int("input_size", minimum: 1) ?? 0
        let output = try sizes.int("output_size", minimum: 1) ?? 0
        guard input >= 1, output >= 1, input <= limits.maxColumns, output <= limits.maxColumns else {
            throw RPCError.invalidParams(path, "needs input_size and output_size from 1 to \(limits.maxColumns)")
        }
        members["input_size"] = nil
        members["output_size"] = nil
        return try NetworkParam.read(.object(members), path: path, limits: limits)
            .description(inputSize: input, outputSize: output)
    }
}
