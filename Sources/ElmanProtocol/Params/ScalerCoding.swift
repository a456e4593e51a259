import ElmanCore
import ElmanJSON

/// A model's scaler on the wire and in model files: `{"kind": "standard" | "minmax", "offset": [D numbers],
/// "scale": [D numbers], "targets": [O column indices]}` — column d is scaled as (x − offset[d]) / scale[d], and
/// output o is target column targets[o] (`Scaler`).
public enum ScalerCoding {
    public static func json(_ scaler: Scaler) -> JSONValue {
        [
            "kind": .string(scaler.kind.rawValue), "offset": .array(scaler.offset.map(JSONValue.number)),
            "scale": .array(scaler.scale.map(JSONValue.number)),
            "targets": .array(scaler.targets.map { .number(Double($0)) }),
        ]
    }

    /// Reads a scaler for a network of `inputSize` columns and `outputSize` outputs; anything else is -32602
    /// naming `path`.
    public static func read(_ value: JSONValue, path: String, inputSize: Int, outputSize: Int) throws -> Scaler {
        guard case .object(let members) = value else { throw RPCError.invalidParams(path, "must be an object") }
        var reader = ParamReader(members, path: path)
        let kind = try reader.string("kind").flatMap(Scaler.Kind.init(rawValue:))
        let offset = try numbers(reader.value("offset"), at: reader.path("offset"))
        let scale = try numbers(reader.value("scale"), at: reader.path("scale"))
        let targets = try numbers(reader.value("targets"), at: reader.path("targets")).map { SafeInteger.exact($0) }
        try reader.finish()
        guard let kind, offset.count == inputSize, targets.count == outputSize,
              let scaler = Scaler(kind: kind, offset: offset, scale: scale, targets: targets.compactMap { $0 }),
              scaler.targets.count == outputSize
        else {
            throw RPCError.invalidParams(path, "is not a scaler of \(counted(inputSize, "column")) and "
                + "\(counted(outputSize, "target"))")
        }
        return scaler
    }

    private static func numbers(_ value: JSONValue?, at path: String) throws -> [Double] {
        guard case .array(let elements)? = value else { throw RPCError.invalidParams(path, "must be an array") }
        return try elements.map { element in
            guard case .number(let number) = element else { throw RPCError.invalidParams(path, "must hold numbers") }
            return number
        }
    }
}
