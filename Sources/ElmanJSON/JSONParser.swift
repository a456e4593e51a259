/// A strict RFC 8259 parser from UTF-8 bytes to `JSONValue`.
///
/// Accepted: exactly one value, with optional whitespace (space, tab, LF, CR) around it. Rejected, with the
/// offset of the offending byte: a leading byte order mark, malformed UTF-8 (see `validatedUTF8Length`),
/// raw control characters and bad escapes in strings, numbers outside the JSON grammar or beyond `Double`'s
/// range, duplicate keys in an object (the same code points, see `JSONKey`), and containers nested deeper than
/// `maxDepth`.
///
/// The parser descends recursively, one level per array or object, and checks the depth before it descends,
/// so stack use is bounded by `maxDepth` whatever the input.
public struct JSONParser {
    /// The input; the extensions that scan strings and numbers read it too.
    let bytes: UnsafeBufferPointer<UInt8>
    private let maxDepth: Int
    /// The index of the next byte to read; `0...bytes.count`.
    var position = 0
    /// Reused between strings to assemble those that contain escapes.
    var scratch: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// Parses `bytes` as one JSON text. `maxDepth` is the largest number of arrays and objects that may
    /// enclose a value (0 allows only scalars at the top level).
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 64) throws(JSONParseError) -> JSONValue {
        precondition(maxDepth >= 0, "maxDepth must not be negative")
        return try bytes.withUnsafeBufferPointer { buffer throws(JSONParseError) in
            var parser = JSONParser(bytes: buffer, maxDepth: maxDepth)
            return try parser.parseText()
        }
    }

    private mutating func parseText() throws(JSONParseError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { throw failure(JSONParseError.Reason.byteOrderMark) }
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard position == bytes.count else { throw failure(JSONParseError.Reason.trailingCharacters) }
        return value
    }

    /// Parses the value that starts at the next non-whitespace byte; `depth` counts the containers around it.
    private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        switch try nextSignificantByte() {
        case JSONByte.openBracket: return try parseArray(depth: depth + 1)
        case JSONByte.openBrace: return try parseObject(depth: depth + 1)
        case JSONByte.quote: return .string(try parseString())
        case JSONByte.minus, JSONByte.zero...JSONByte.nine: return .number(try parseNumber())
        case UInt8(ascii: "t"): try consumeLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try consumeLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try consumeLiteral("null"); return .null
        default: throw failure(JSONParseError.Reason.unexpectedCharacter)
        }
    }

    /// `[ value *( , value ) ]` starting at `[`; `depth` counts this array.
    private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maxDepth else { throw failure(JSONParseError.Reason.tooDeep) }
        position += 1
        var elements: [JSONValue] = []
        if try consumeIfNext(JSONByte.closeBracket) { return .array(elements) }
        while true {
            elements.append(try parseValue(depth: depth))
            let reason = JSONParseError.Reason.expectedCommaOrBracket
            if try consumeSeparator(closing: JSONByte.closeBracket, else: reason) { return .array(elements) }
        }
    }

    /// `{ string : value *( , string : value ) }` starting at `{`; `depth` counts this object.
    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maxDepth else { throw failure(JSONParseError.Reason.tooDeep) }
        position += 1
        var object = JSONObject([])
        if try consumeIfNext(JSONByte.closeBrace) { return .object(object) }
        while true {
            guard try nextSignificantByte() == JSONByte.quote else { throw failure(JSONParseError.Reason.expectedKey) }
            let keyOffset = position
            let key = try parseString()
            guard object[key] == nil else {
                throw JSONParseError(offset: keyOffset, reason: JSONParseError.Reason.duplicateKey)
            }
            guard try consumeIfNext(JSONByte.colon) else { throw failure(JSONParseError.Reason.expectedColon) }
            _ = object.insertNew(key: key, value: try parseValue(depth: depth))
            let reason = JSONParseError.Reason.expectedCommaOrBrace
            if try consumeSeparator(closing: JSONByte.closeBrace, else: reason) { return .object(object) }
        }
    }

    /// After a container's element: consumes `,` (returning false: another element follows) or `closing`
    /// (returning true: the container ends); anything else is an error with `reason`.
    private mutating func consumeSeparator(closing: UInt8, else reason: String) throws(JSONParseError) -> Bool {
        if try consumeIfNext(JSONByte.comma) { return false }
        if try consumeIfNext(closing) { return true }
        throw failure(reason)
    }

    /// Skips whitespace, then consumes `byte` if it comes next.
    private mutating func consumeIfNext(_ byte: UInt8) throws(JSONParseError) -> Bool {
        guard try nextSignificantByte() == byte else { return false }
        position += 1
        return true
    }

    /// Skips whitespace and returns the byte there without consuming it. Running out of input is an error,
    /// since every caller still needs a byte.
    private mutating func nextSignificantByte() throws(JSONParseError) -> UInt8 {
        skipWhitespace()
        guard position < bytes.count else { throw failure(JSONParseError.Reason.unexpectedEnd) }
        return bytes[position]
    }

    private mutating func consumeLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        guard bytes.count - position >= count,
              UnsafeBufferPointer(rebasing: bytes[position..<position + count]).elementsEqual(expected)
        else { throw failure(JSONParseError.Reason.invalidLiteral) }
        position += count
    }

    private mutating func skipWhitespace() {
        while position < bytes.count && JSONByte.isWhitespace(bytes[position]) { position += 1 }
    }

    /// An error at the current position.
    func failure(_ reason: String) -> JSONParseError {
        JSONParseError(offset: position, reason: reason)
    }
}
