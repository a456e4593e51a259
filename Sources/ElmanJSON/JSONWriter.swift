/// Compact JSON text from a `JSONValue`: no whitespace, object members in stored order, strings as UTF-8
/// with only `"`, `\` and control characters (as `\u00XX`) escaped.
///
/// Numbers must be finite (a precondition: JSON has no spelling for infinities or NaN, and the worker must
/// not send them). A `.number` that is an integer of magnitude below 2^53 is written without a fraction
/// (`3`, `-0`); any other `.number` with `Double`'s shortest round-trip digits (`0.1`, `1e+300`), and a
/// `.float` with `Float`'s (`0.1`, `1e-05`, `3.0`; see `appendFloat` for the rare exception). Every form is
/// valid JSON; a `.number` reads back as the same `Double`, a `.float` as a `Double` that narrows to the same
/// `Float`.
public enum JSONWriter {
    public static func write(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        append(value, to: &output)
        return output
    }

    public static func string(_ value: JSONValue) -> String {
        String(decoding: write(value), as: UTF8.self)
    }

    private static func append(_ value: JSONValue, to output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number): appendNumber(number, to: &output)
        case .float(let number): appendFloat(number, to: &output)
        case .string(let text): appendString(text, to: &output)
        case .tensor(let tensor):
            tensor.values.withUnsafeBufferPointer { appendNested(tensor.shape[...], $0, to: &output) }
        case .array(let elements):
            output.append(JSONByte.openBracket)
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(JSONByte.comma) }
                append(element, to: &output)
            }
            output.append(JSONByte.closeBracket)
        case .object(let object):
            output.append(JSONByte.openBrace)
            for (position, member) in object.enumerated() {
                if position > 0 { output.append(JSONByte.comma) }
                appendString(member.key, to: &output)
                output.append(JSONByte.colon)
                append(member.value, to: &output)
            }
            output.append(JSONByte.closeBrace)
        }
    }

    /// Writes `values` (C order) as nested lists of `shape`, each value as a `.float` is written.
    private static func appendNested(_ shape: ArraySlice<Int>, _ values: UnsafeBufferPointer<Float>,
                                     to output: inout [UInt8]) {
        output.append(JSONByte.openBracket)
        let count = shape.first!, inner = shape.dropFirst()
        let stride = inner.reduce(1, *)
        for index in 0..<count {
            if index > 0 { output.append(JSONByte.comma) }
            if inner.isEmpty {
                appendFloat(values[index], to: &output)
            } else {
                appendNested(inner, UnsafeBufferPointer(rebasing: values[index * stride ..< (index + 1) * stride]),
                             to: &output)
            }
        }
        output.append(JSONByte.closeBracket)
    }

    private static func appendNumber(_ number: Double, to output: inout [UInt8]) {
        precondition(number.isFinite, "JSON cannot represent \(number)")
        if number.magnitude < 0x1p53, let integer = Int64(exactly: number) {
            if integer == 0, number.sign == .minus { output.append(JSONByte.minus) }
            appendDigits(of: integer.description, to: &output)
        } else {
            appendDigits(of: number.description, to: &output)
        }
    }

    /// Writes `Float`'s shortest digits unless a reader would not get `number` back from them.
    ///
    /// Readers (this parser, Python's `json`) turn the text into the nearest `Double` and only then narrow it
    /// to `Float`. Rounding twice can miss: for `7.038531e-26` the nearest double is exactly halfway between
    /// two floats, and ties-to-even picks the neighbour. In that rare case the digits of `Double(number)` are
    /// written instead, which read back as exactly `Double(number)` and so narrow to `number`.
    private static func appendFloat(_ number: Float, to output: inout [UInt8]) {
        precondition(number.isFinite, "JSON cannot represent \(number)")
        var shortest = number.description
        shortest.withUTF8 { digits in
            if JSONParser.number(in: digits).map(Float.init) == number {
                output.append(contentsOf: digits)
            } else {
                appendNumber(Double(number), to: &output)
            }
        }
    }

    private static func appendDigits(of text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { output.append(contentsOf: $0) }
    }

    /// Writes `text` quoted, copying runs of bytes that need no escape in one go.
    private static func appendString(_ text: String, to output: inout [UInt8]) {
        var text = text
        output.append(JSONByte.quote)
        text.withUTF8 { utf8 in
            var runStart = 0
            for (offset, byte) in utf8.enumerated() where JSONByte.needsEscape(byte) {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<offset]))
                output.append(JSONByte.backslash)
                if byte < 0x20 {
                    output.append(contentsOf: [JSONByte.lowerU, JSONByte.zero, JSONByte.zero,
                                               JSONByte.hexDigit(byte >> 4), JSONByte.hexDigit(byte & 0xF)])
                } else {
                    output.append(byte)
                }
                runStart = offset + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        output.append(JSONByte.quote)
    }
}
