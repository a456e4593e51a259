import Testing
import ElmanJSON

/// One input the parser must refuse, with the byte offset and reason it must report.
struct JSONRejection: Sendable, CustomTestStringConvertible {
    let bytes: [UInt8]
    let offset: Int
    let reason: String

    init(_ text: String, _ offset: Int, _ reason: String) {
        self.init(bytes: Array(text.utf8), offset, reason)
    }

    init(bytes: [UInt8], _ offset: Int, _ reason: String) {
        self.bytes = bytes
        self.offset = offset
        self.reason = reason
    }

    /// The input as a Swift string literal (malformed UTF-8 shows as U+FFFD).
    var testDescription: String { String(decoding: bytes, as: UTF8.self).debugDescription }
}

@Suite("JSON parser: rejections with offsets")
struct JSONRejectionTests {
    typealias Reason = JSONParseError.Reason

    static let structure: [JSONRejection] = [
        JSONRejection("", 0, Reason.unexpectedEnd),
        JSONRejection("  \n", 3, Reason.unexpectedEnd),
        JSONRejection("[1,2", 4, Reason.unexpectedEnd),
        JSONRejection("{\"a\":", 5, Reason.unexpectedEnd),
        JSONRejection("[1 2]", 3, Reason.expectedCommaOrBracket),
        JSONRejection("[1,]", 3, Reason.unexpectedCharacter),
        JSONRejection("[,1]", 1, Reason.unexpectedCharacter),
        JSONRejection("{\"a\" 1}", 5, Reason.expectedColon),
        JSONRejection("{\"a\":1,}", 7, Reason.expectedKey),
        JSONRejection("{1:2}", 1, Reason.expectedKey),
        JSONRejection("{'a':2}", 1, Reason.expectedKey),
        JSONRejection("{\"a\":1 \"b\":2}", 7, Reason.expectedCommaOrBrace),
        JSONRejection("{\"a\":1,\"b\":2,\"a\":3}", 13, Reason.duplicateKey),
        JSONRejection("{\"a\":{\"x\":1,\"x\":1}}", 12, Reason.duplicateKey),
        JSONRejection("1 2", 2, Reason.trailingCharacters),
        JSONRejection("[] x", 3, Reason.trailingCharacters),
        JSONRejection("nulls", 4, Reason.trailingCharacters),
        JSONRejection("tru", 0, Reason.invalidLiteral),
        JSONRejection("[nul]", 1, Reason.invalidLiteral),
        JSONRejection("True", 0, Reason.unexpectedCharacter),
        JSONRejection("undefined", 0, Reason.unexpectedCharacter),
        JSONRejection("\u{FEFF}{}", 0, Reason.byteOrderMark),
        JSONRejection("é", 0, Reason.unexpectedCharacter),
        JSONRejection("[1]\u{0}", 3, Reason.trailingCharacters),
    ]

    static let numbers: [JSONRejection] = [
        JSONRejection("NaN", 0, Reason.unexpectedCharacter),
        JSONRejection("Infinity", 0, Reason.unexpectedCharacter),
        JSONRejection("-Infinity", 1, Reason.expectedDigit),
        JSONRejection("+1", 0, Reason.unexpectedCharacter),
        JSONRejection(".5", 0, Reason.unexpectedCharacter),
        JSONRejection("-", 1, Reason.expectedDigit),
        JSONRejection("- 1", 1, Reason.expectedDigit),
        JSONRejection("01", 0, Reason.leadingZero),
        JSONRejection("[-00]", 2, Reason.leadingZero),
        JSONRejection("1.", 2, Reason.expectedDigit),
        JSONRejection("1.e5", 2, Reason.expectedDigit),
        JSONRejection("1e", 2, Reason.expectedDigit),
        JSONRejection("1e+", 3, Reason.expectedDigit),
        JSONRejection("1E-x", 3, Reason.expectedDigit),
        JSONRejection("0x10", 1, Reason.trailingCharacters),
        JSONRejection("1e309", 0, Reason.numberOutOfRange),
        JSONRejection("[0, -1e999]", 4, Reason.numberOutOfRange),
        JSONRejection("1.7976931348623159e308", 0, Reason.numberOutOfRange),
        JSONRejection("1" + String(repeating: "0", count: 309), 0, Reason.numberOutOfRange),
        JSONRejection("1e100000000000000000000000", 0, Reason.numberOutOfRange),
    ]

    static let strings: [JSONRejection] = [
        JSONRejection("\"abc", 4, Reason.unterminatedString),
        JSONRejection("\"ab\\", 4, Reason.unterminatedString),
        JSONRejection("\"a\u{1}b\"", 2, Reason.controlCharacter),
        JSONRejection("\"a\tb\"", 2, Reason.controlCharacter),
        JSONRejection("\"line\nbreak\"", 5, Reason.controlCharacter),
        JSONRejection("\"\\x\"", 1, Reason.invalidEscape),
        JSONRejection("\"ok\\'\"", 3, Reason.invalidEscape),
        JSONRejection("\"\\u12\"", 1, Reason.invalidEscape),
        JSONRejection("\"\\u12G4\"", 1, Reason.invalidEscape),
        JSONRejection("\"\\U0041\"", 1, Reason.invalidEscape),
        JSONRejection("\"\\uD800\"", 1, Reason.loneSurrogate),
        JSONRejection("\"ab\\uDC00\"", 3, Reason.loneSurrogate),
        JSONRejection("\"\\uD800\\u0041\"", 1, Reason.loneSurrogate),
        JSONRejection("\"\\uD800x\"", 1, Reason.loneSurrogate),
        JSONRejection("\"\\uD800\\uD800\"", 1, Reason.loneSurrogate),
        JSONRejection("\"\\uDBFF\\uZZZZ\"", 7, Reason.invalidEscape),
    ]

    static let utf8: [JSONRejection] = [
        JSONRejection(bytes: [0x22, 0x80, 0x22], 1, Reason.invalidUTF8),               // continuation without lead
        JSONRejection(bytes: [0x22, 0xC0, 0x80, 0x22], 1, Reason.invalidUTF8),         // overlong U+0000
        JSONRejection(bytes: [0x22, 0xC1, 0xBF, 0x22], 1, Reason.invalidUTF8),         // overlong U+007F
        JSONRejection(bytes: [0x22, 0xE0, 0x9F, 0xBF, 0x22], 1, Reason.invalidUTF8),   // overlong U+07FF
        JSONRejection(bytes: [0x22, 0xF0, 0x8F, 0xBF, 0xBF, 0x22], 1, Reason.invalidUTF8), // overlong U+FFFF
        JSONRejection(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], 1, Reason.invalidUTF8),   // surrogate U+D800
        JSONRejection(bytes: [0x22, 0xED, 0xBF, 0xBF, 0x22], 1, Reason.invalidUTF8),   // surrogate U+DFFF
        JSONRejection(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1, Reason.invalidUTF8), // U+110000
        JSONRejection(bytes: [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], 1, Reason.invalidUTF8),
        JSONRejection(bytes: [0x22, 0xFF, 0x22], 1, Reason.invalidUTF8),
        JSONRejection(bytes: [0x22, 0x61, 0xE2, 0x82, 0x22], 2, Reason.invalidUTF8),   // cut short by the quote
        JSONRejection(bytes: [0x22, 0xF0, 0x9F, 0x98, 0x41, 0x22], 1, Reason.invalidUTF8),
        JSONRejection(bytes: [0x22, 0x61, 0xE2, 0x82], 2, Reason.truncatedUTF8),       // input ends inside it
        JSONRejection(bytes: [0x22, 0xF0, 0x9F], 1, Reason.truncatedUTF8),
    ]

    @Test(arguments: structure + numbers + strings + utf8)
    func rejects(_ rejection: JSONRejection) {
        #expect(throws: JSONParseError(offset: rejection.offset, reason: rejection.reason)) {
            try JSONParser.parse(rejection.bytes)
        }
    }

    @Test(arguments: [("[", "]"), ("{\"a\":", "}")])
    func nestingTenThousandDeepFailsAtTheFirstLevelBeyondTheLimit(_ opener: String, _ closer: String) {
        let text = String(repeating: opener, count: 10_000) + "1" + String(repeating: closer, count: 10_000)
        #expect(throws: JSONParseError(offset: 64 * opener.utf8.count, reason: Reason.tooDeep)) {
            try parseJSON(text)
        }
    }

    @Test func depthLimitIsTheCallersChoice() throws {
        let text = String(repeating: "[", count: 11) + String(repeating: "]", count: 11)
        #expect(throws: JSONParseError(offset: 10, reason: Reason.tooDeep)) { try parseJSON(text, maxDepth: 10) }
        #expect(try parseJSON(text, maxDepth: 11).arrayValue?.count == 1)
    }
}
