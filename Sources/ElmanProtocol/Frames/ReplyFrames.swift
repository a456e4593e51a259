import ElmanJSON

/// The frames of a reply message after its envelope (PROTOCOL.md, "Binary frames"): the JSON body, then one
/// buffer per float array of the responses that travel binary.
///
/// A response that travels binary has each of its tensors replaced by `{"$buffer": i, "dtype": "<f4", "shape"}`
/// and its values, little-endian float32, in buffer i; the numbering runs across a batch's responses in order.
/// Any other response is written as JSON, its tensors as nested lists, byte for byte what it always was.
public enum ReplyFrames {
    /// One response and whether its arrays travel as buffers.
    public struct Response: Sendable {
        public var message: JSONValue
        public var binary: Bool

        public init(_ message: JSONValue, binary: Bool) {
            self.message = message
            self.binary = binary
        }
    }

    /// `[body, buffer 0, …]` for one response (`isBatch` false, exactly one response) or a batch's.
    public static func encode(_ responses: [Response], isBatch: Bool) -> [[UInt8]] {
        precondition(isBatch || responses.count == 1, "a single reply has one response")
        var buffers: [[UInt8]] = []
        let messages = responses.map { response in
            response.binary ? placeholders(in: response.message, buffers: &buffers) : response.message
        }
        return [JSONWriter.write(isBatch ? .array(messages) : messages[0])] + buffers
    }

    /// `value` with every tensor replaced by a placeholder for the buffer appended to `buffers`.
    static func placeholders(in value: JSONValue, buffers: inout [[UInt8]]) -> JSONValue {
        switch value {
        case .tensor(let tensor):
            buffers.append(BufferDType.bytes(of: tensor.values))
            return placeholder(index: buffers.count - 1, shape: tensor.shape)
        case .array(let elements):
            return .array(elements.map { placeholders(in: $0, buffers: &buffers) })
        case .object(let members):
            return .object(JSONObject(members.map { ($0.key, placeholders(in: $0.value, buffers: &buffers)) }))
        default:
            return value
        }
    }

    /// `{"$buffer": index, "dtype": "<f4", "shape": shape}`.
    public static func placeholder(index: Int, shape: [Int]) -> JSONValue {
        [
            "$buffer": .number(Double(index)), "dtype": .string(BufferDType.float32.rawValue),
            "shape": .array(shape.map { .number(Double($0)) }),
        ]
    }
}
