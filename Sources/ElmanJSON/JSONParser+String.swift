extension JSONParser {
    /// Parses the string whose opening quote is at `position` and moves past its closing quote.
    ///
    /// Literal bytes are copied in runs. A string without escapes becomes a `String` straight from the input
    /// bytes; one with escapes is assembled in `scratch`. Every byte is checked: raw bytes below 0x20 are
    /// errors (RFC 8259 §7), non-ASCII bytes must form well-formed UTF-8.
    mutating func parseString() throws(JSONParseError) -> String {
        var runStart = position + 1
        var cursor = runStart
        var hasEscapes = false
        while cursor < bytes.count {
            let byte = bytes[cursor]
            switch byte {
            case JSONByte.quote:
                position = cursor + 1
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<cursor])
                guard hasEscapes else { return String(decoding: run, as: UTF8.self) }
                scratch.append(contentsOf: run)
                return String(decoding: scratch, as: UTF8.self)
            case JSONByte.backslash:
                if !hasEscapes {
                    scratch.removeAll(keepingCapacity: true)
                    hasEscapes = true
                }
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<cursor]))
                cursor = try appendEscape(at: cursor)
                runStart = cursor
            case 0..<0x20:
                throw JSONParseError(offset: cursor, reason: JSONParseError.Reason.controlCharacter)
            case 0..<0x80:
                cursor += 1
            default:
                cursor += try validatedUTF8Length(at: cursor)
            }
        }
        throw JSONParseError(offset: bytes.count, reason: JSONParseError.Reason.unterminatedString)
    }

    /// Decodes the escape whose backslash is at `offset`, appends its UTF-8 to `scratch`, and returns the
    /// offset just past it. `\uXXXX` for a high surrogate must be followed by `\uXXXX` for a low surrogate;
    /// the pair stands for the scalar `0x10000 + (high − 0xD800) · 0x400 + (low − 0xDC00)`.
    /// Errors are reported at the backslash.
    private mutating func appendEscape(at offset: Int) throws(JSONParseError) -> Int {
        guard offset + 1 < bytes.count else {
            throw JSONParseError(offset: bytes.count, reason: JSONParseError.Reason.unterminatedString)
        }
        let letter = bytes[offset + 1]
        let simple: UInt8
        switch letter {
        case JSONByte.quote, JSONByte.backslash, JSONByte.slash: simple = letter
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case JSONByte.lowerU: return try appendUnicodeEscape(at: offset)
        default: throw JSONParseError(offset: offset, reason: JSONParseError.Reason.invalidEscape)
        }
        scratch.append(simple)
        return offset + 2
    }

    private mutating func appendUnicodeEscape(at offset: Int) throws(JSONParseError) -> Int {
        let loneSurrogate = JSONParseError(offset: offset, reason: JSONParseError.Reason.loneSurrogate)
        let first = try hexQuad(afterBackslashAt: offset)
        var scalarValue = UInt32(first)
        var end = offset + 6
        if (0xD800...0xDBFF).contains(first) {
            guard end + 1 < bytes.count, bytes[end] == JSONByte.backslash, bytes[end + 1] == JSONByte.lowerU
            else { throw loneSurrogate }
            let second = try hexQuad(afterBackslashAt: end)
            guard (0xDC00...0xDFFF).contains(second) else { throw loneSurrogate }
            scalarValue = 0x10000 + (UInt32(first) - 0xD800) << 10 + (UInt32(second) - 0xDC00)
            end += 6
        }
        guard let scalar = Unicode.Scalar(scalarValue) else { throw loneSurrogate }
        scratch.append(contentsOf: scalar.utf8)
        return end
    }

    /// The code unit spelled by the four hex digits of the `\uXXXX` whose backslash is at `offset`.
    private func hexQuad(afterBackslashAt offset: Int) throws(JSONParseError) -> UInt16 {
        let invalid = JSONParseError(offset: offset, reason: JSONParseError.Reason.invalidEscape)
        guard offset + 6 <= bytes.count else { throw invalid }
        var value: UInt16 = 0
        for digitOffset in offset + 2..<offset + 6 {
            guard let digit = JSONByte.hexValue(bytes[digitOffset]) else { throw invalid }
            value = value << 4 | UInt16(digit)
        }
        return value
    }
}
