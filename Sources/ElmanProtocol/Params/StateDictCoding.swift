import ElmanCore
import ElmanJSON

/// A state_dict on the wire: an object from PyTorch's parameter names to nested lists of PyTorch's shapes (what
/// `{k: v.tolist() for k, v in module.state_dict().items()}` gives), in `named_parameters()` order when written.
public enum StateDictCoding {
    public static func json(_ stateDict: StateDict<Float>) -> JSONValue {
        .object(JSONObject(zip(stateDict.names, stateDict.tensors).map { name, tensor in (name, json(tensor)) }))
    }

    /// A tensor of its shape: written as JSON, a vector is numbers and a matrix rows of numbers.
    private static func json(_ tensor: StateDict<Float>.Tensor) -> JSONValue {
        .tensor(FloatTensor(shape: tensor.shape, values: tensor.values))
    }

    /// Reads the state_dict of `network` at `path`: keys exactly the network's (order free), shapes exact, every
    /// value a finite float32. A missing, unknown or misshapen key is -32602 naming `path.key`.
    public static func read(_ value: JSONValue, path: String, network: NetworkDescription) throws
        -> StateDict<Float>
    {
        guard case .object(let members) = value else { throw RPCError.invalidParams(path, "must be an object") }
        let expected = network.parameterShapes
        if let unknown = members.keys.first(where: { name in !expected.contains { $0.name == name } }) {
            throw RPCError.invalidParams("\(path).\(unknown)",
                                         "is not a parameter of this network (\(describe(network)))")
        }
        var tensors: [String: StateDict<Float>.Tensor] = [:]
        for (name, shape) in expected {
            guard let entry = members[name] else {
                throw RPCError.invalidParams("\(path).\(name)", "is missing: a parameter of shape \(shape)")
            }
            tensors[name] = .init(shape: shape, values: try values(entry, shape: shape, at: "\(path).\(name)"))
        }
        return try StateDict(network, tensors: tensors)
    }

    /// The hidden size of a seed-shaped state_dict (without `network`): rnn.weight_hh_l0's row count.
    static func seedHiddenSize(_ value: JSONValue, path: String) throws -> Int {
        guard case .object(let members) = value else { throw RPCError.invalidParams(path, "must be an object") }
        guard let rows = members["rnn.weight_hh_l0"]?.count, rows > 0 else {
            throw RPCError.invalidParams("\(path).rnn.weight_hh_l0", "is missing: the seed network's needs "
                + "rnn.weight_ih_l0, rnn.weight_hh_l0 and head.weight (give network for others)")
        }
        return rows
    }


    /// A tensor's values, row-major, checked against `shape` (one or two dimensions): nested lists, or a tensor
    /// (a placeholder's) whose nested list that would be.
    private static func values(_ value: JSONValue, shape: [Int], at path: String) throws -> [Float] {
        let misshapen = RPCError.invalidParams(path, "must have shape \(shape)")
        if case .tensor(let tensor) = value {
            guard tensor.shape == shape else { throw misshapen }
            return try ParamReader.finite(tensor, at: path)
        }
        guard case .array(let outer) = value, outer.count == shape[0] else { throw misshapen }
        guard shape.count == 2 else {
            guard outer.allSatisfy({ if case .number = $0 { true } else { false } }) else { throw misshapen }
            return try ParamReader.float32s(outer, at: path)
        }
        var flat: [Float] = []
        flat.reserveCapacity(shape[0] * shape[1])
        for (index, row) in outer.enumerated() {
            guard let cells = row.arrayValue, cells.count == shape[1] else { throw misshapen }
            flat += try ParamReader.float32s(cells, at: "\(path)[\(index)]")
        }
        return flat
    }

    private static func describe(_ network: NetworkDescription) -> String {
        "\(network.cell), \(counted(network.numLayers, "layer")), bias \(network.bias)"
    }
}
