import ElmanJSON
import Foundation
import Testing
import ZeroMQ

/// Binary frames as a peer writes and reads them (PROTOCOL.md, "Binary frames"), written here from the spec
/// rather than with ElmanProtocol's own resolver and writer, so that the tests check the worker against the text.
enum Frames {
    /// `value` (a number or rectangular nested lists of numbers) as its shape and its values in C order.
    static func shapeAndValues(_ value: JSONValue) -> (shape: [Int], values: [Double]) {
        guard let elements = value.arrayValue else { return ([], [value.doubleValue!]) }
        let parts = elements.map(shapeAndValues)
        return ([elements.count] + (parts.first?.shape ?? []), parts.flatMap(\.values))
    }

    /// Little-endian bytes of `values` as `dtype` ("<f4" or "<f8").
    static func bytes(_ values: [Double], dtype: String) -> [UInt8] {
        values.flatMap { value in
            dtype == "<f8" ? withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init)
                : withUnsafeBytes(of: Float(value).bitPattern.littleEndian, Array.init)
        }
    }

    /// The little-endian float32 values of `bytes` (a trailing partial value is left out).
    static func float32s(_ bytes: [UInt8]) -> [Float] {
        stride(from: 0, to: bytes.count - bytes.count % 4, by: 4).map { offset in
            Float(bitPattern: bytes[offset..<offset + 4].reversed().reduce(0) { $0 << 8 | UInt32($1) })
        }
    }

    /// `params` with the member at each path (member names, or array indices as digits) replaced by a placeholder
    /// for a buffer of its values, numbered from `first`; returns the new params and the buffers.
    static func binary(_ params: JSONObject, at paths: [[String]], dtype: String = "<f4", first: Int = 0)
        -> (params: JSONObject, buffers: [[UInt8]])
    {
        var value = JSONValue.object(params), buffers: [[UInt8]] = []
        for path in paths {
            value = replacing(value, at: path[...]) { array in
                let (shape, values) = shapeAndValues(array)
                buffers.append(bytes(values, dtype: dtype))
                return ["$buffer": .number(Double(first + buffers.count - 1)), "dtype": .string(dtype),
                        "shape": .array(shape.map { .number(Double($0)) })]
            }
        }
        return (value.objectValue!, buffers)
    }

    private static func replacing(_ value: JSONValue, at path: ArraySlice<String>,
                                  with make: (JSONValue) -> JSONValue) -> JSONValue {
        guard let step = path.first else { return make(value) }
        if case .array(var elements) = value, let index = Int(step) {
            elements[index] = replacing(elements[index], at: path.dropFirst(), with: make)
            return .array(elements)
        }
        var members = value.objectValue!
        members[step] = replacing(members[step]!, at: path.dropFirst(), with: make)
        return .object(members)
    }

    /// A reply's body with each placeholder replaced by the nested list of `.float`s its buffer holds; every
    /// buffer must be used once and be "<f4" of exactly its shape's size.
    static func decode(_ frames: [[UInt8]]) throws -> JSONValue {
        var used = Set<Int>()
        let body = try resolve(try JSONParser.parse(frames[0]), buffers: Array(frames.dropFirst()), used: &used)
        #expect(used.count == frames.count - 1, "every buffer of a reply is used")
        return body
    }

    private static func resolve(_ value: JSONValue, buffers: [[UInt8]], used: inout Set<Int>) throws -> JSONValue {
        switch value {
        case .object(let members) where members["$buffer"] != nil:
            let index = try #require(members["$buffer"]?.doubleValue.map { Int($0) })
            #expect(members["dtype"] == "<f4" && members.count == 3 && used.insert(index).inserted)
            let shape = try #require(members["shape"]?.arrayValue).map { Int($0.doubleValue!) }
            let bytes = buffers[index]
            #expect(bytes.count == 4 * shape.reduce(1, *))
            return nest(float32s(bytes)[...], shape: shape[...])
        case .object(let members):
            return .object(JSONObject(try members.map { member in
                (member.key, try resolve(member.value, buffers: buffers, used: &used))
            }))
        case .array(let elements):
            return .array(try elements.map { try resolve($0, buffers: buffers, used: &used) })
        default:
            return value
        }
    }

    private static func nest(_ values: ArraySlice<Float>, shape: ArraySlice<Int>) -> JSONValue {
        guard let count = shape.first else { return .float(values.first!) }
        let stride = shape.dropFirst().reduce(1, *)
        return .array((0..<count).map { index in
            let start = values.startIndex + index * stride
            return nest(values[start ..< start + stride], shape: shape.dropFirst())
        })
    }

    /// `value` with every number narrowed to float32, so that a JSON reply and a binary one compare value for value.
    static func narrowed(_ value: JSONValue) -> JSONValue {
        switch value {
        case .number(let number): .float(Float(number))
        case .array(let elements): .array(elements.map(narrowed))
        case .object(let members): .object(JSONObject(members.map { ($0.key, narrowed($0.value)) }))
        default: value
        }
    }
}

extension TestClient {
    /// Sends a request with `buffers` after its body; returns every frame of the reply.
    func exchange(_ method: String, _ params: JSONObject, buffers: [[UInt8]] = [], id: Int = 1) throws -> [[UInt8]] {
        let request: JSONValue = ["jsonrpc": "2.0", "id": .number(Double(id)), "method": .string(method),
                                  "params": .object(params)]
        return try exchange(request, buffers: buffers)
    }

    func exchange(_ request: JSONValue, buffers: [[UInt8]]) throws -> [[UInt8]] {
        try socket.send([JSONWriter.write(request)] + buffers)
        return try #require(try socket.receiveMultipart(), "no reply")
    }
}
