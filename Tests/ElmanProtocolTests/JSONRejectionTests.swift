import Testing
@testable import ElmanProtocol

/// One input the parser must refuse, with the byte offset and reason it must report.
struct Rejection: Sendable, CustomTestStringConvertible {
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

typealias Reason = JSONParseError.Reason

@Suite("JSON parser: rejections with offsets")
struct JSONRejectionTests {
    static let structure: [Rejection] = [
        Rejection("", 0, Reason.unexpectedEnd),
        Rejection("  \n", 3, Reason.unexpectedEnd),
        Rejection("[1,2", 4, Reason.unexpectedEnd),
        Rejection("{\"a\":", 5, Reason.unexpectedEnd),
        Rejection("[1 2]", 3, Reason.expectedCommaOrBracket),
        Rejection("[1,]", 3, Reason.unexpectedCharacter),
        Rejection("[,1]", 1, Reason.unexpectedCharacter),
        Rejection("{\"a\" 1}", 5, Reason.expectedColon),
        Rejection("{\"a\":1,}", 7, Reason.expectedKey),
        Rejection("{1:2}", 1, Reason.expectedKey),
        Rejection("{'a':2}", 1, Reason.expectedKey),
        Rejection("{\"a\":1 \"b\":2}", 7, Reason.expectedCommaOrBrace),
        Rejection("{\"a\":1,\"b\":2,\"a\":3}", 13, Reason.duplicateKey),
        Rejection("{\"a\":{\"x\":1,\"x\":1}}", 12, Reason.duplicateKey),
        Rejection("1 2", 2, Reason.trailingCharacters),
        Rejection("[] x", 3, Reason.trailingCharacters),
        Rejection("nulls", 4, Reason.trailingCharacters),
        Rejection("tru", 0, Reason.invalidLiteral),
        Rejection("[nul]", 1, Reason.invalidLiteral),
        Rejection("True", 0, Reason.unexpectedCharacter),
        Rejection("undefined", 0, Reason.unexpectedCharacter),
        Rejection("\u{FEFF}{}", 0, Reason.byteOrderMark),
        Rejection("é", 0, Reason.unexpectedCharacter),
        Rejection("[1]\u{0}", 3, Reason.trailingCharacters),
    ]

    static let numbers: [Rejection] = [
        Rejection("NaN", 0, Reason.unexpectedCharacter),
        Rejection("Infinity", 0, Reason.unexpectedCharacter),
        Rejection("-Infinity", 1, Reason.expectedDigit),
        Rejection("+1", 0, Reason.unexpectedCharacter),
        Rejection(".5", 0, Reason.unexpectedCharacter),
        Rejection("-", 1, Reason.expectedDigit),
        Rejection("- 1", 1, Reason.expectedDigit),
        Rejection("01", 0, Reason.leadingZero),
        Rejection("[-00]", 2, Reason.leadingZero),
        Rejection("1.", 2, Reason.expectedDigit),
        Rejection("1.e5", 2, Reason.expectedDigit),
        Rejection("1e", 2, Reason.expectedDigit),
        Rejection("1e+", 3, Reason.expectedDigit),
        Rejection("1E-x", 3, Reason.expectedDigit),
        Rejection("0x10", 1, Reason.trailingCharacters),
        Rejection("1e309", 0, Reason.numberOutOfRange),
        Rejection("[0, -1e999]", 4, Reason.numberOutOfRange),
        Rejection("1.7976931348623159e308", 0, Reason.numberOutOfRange),
        Rejection("1" + String(repeating: "0", count: 309), 0, Reason.numberOutOfRange),
        Rejection("1e100000000000000000000000", 0, Reason.numberOutOfRange),
    ]

    static let strings: [Rejection] = [
        Rejection("\"abc", 4, Reason.unterminatedString),
        Rejection("\"ab\\", 4, Reason.unterminatedString),
        Rejection("\"a\u{1}b\"", 2, Reason.controlCharacter),
        Rejection("\"a\tb\"", 2, Reason.controlCharacter),
        Rejection("\"line\nbreak\"", 5, Reason.controlCharacter),
        Rejection("\"\\x\"", 1, Reason.invalidEscape),
        Rejection("\"ok\\'\"", 3, Reason.invalidEscape),
        Rejection("\"\\u12\"", 1, Reason.invalidEscape),
        Rejection("\"\\u12G4\"", 1, Reason.invalidEscape),
        Rejection("\"\\U0041\"", 1, Reason.invalidEscape),
        Rejection("\"\\uD800\"", 1, Reason.loneSurrogate),
        Rejection("\"ab\\uDC00\"", 3, Reason.loneSurrogate),
        Rejection("\"\\uD800\\u0041\"", 1, Reason.loneSurrogate),
        Rejection("\"\\uD800x\"", 1, Reason.loneSurrogate),
        Rejection("\"\\uD800\\uD800\"", 1, Reason.loneSurrogate),
        Rejection("\"\\uDBFF\\uZZZZ\"", 7, Reason.invalidEscape),
    ]

    static let utf8: [Rejection] = [
        Rejection(bytes: [0x22, 0x80, 0x22], 1, Reason.invalidUTF8),               // continuation without lead
        Rejection(bytes: [0x22, 0xC0, 0x80, 0x22], 1, Reason.invalidUTF8),         // overlong U+0000
        Rejection(bytes: [0x22, 0xC1, 0xBF, 0x22], 1, Reason.invalidUTF8),         // overlong U+007F
        Rejection(bytes: [0x22, 0xE0, 0x9F, 0xBF, 0x22], 1, Reason.invalidUTF8),   // overlong U+07FF
        Rejection(bytes: [0x22, 0xF0, 0x8F, 0xBF, 0xBF, 0x22], 1, Reason.invalidUTF8), // overlong U+FFFF
        Rejection(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], 1, Reason.invalidUTF8),   // surrogate U+D800
        Rejection(bytes: [0x22, 0xED, 0xBF, 0xBF, 0x22], 1, Reason.invalidUTF8),   // surrogate U+DFFF
        Rejection(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1, Reason.invalidUTF8), // U+110000
        Rejection(bytes: [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], 1, Reason.invalidUTF8),
        Rejection(bytes: [0x22, 0xFF, 0x22], 1, Reason.invalidUTF8),
        Rejection(bytes: [0x22, 0x61, 0xE2, 0x82, 0x22], 2, Reason.invalidUTF8),   // cut short by the quote
        Rejection(bytes: [0x22, 0xF0, 0x9F, 0x98, 0x41, 0x22], 1, Reason.invalidUTF8),
        Rejection(bytes: [0x22, 0x61, 0xE2, 0x82], 2, Reason.truncatedUTF8),       // input ends inside it
        Rejection(bytes: [0x22, 0xF0, 0x9F], 1, Reason.truncatedUTF8),
    ]

    @Test(arguments: structure + numbers + strings + utf8)
    func rejects(_ rejection: Rejection) {
        #expect(throws: JSONParseError(offset: rejection.offset, reason: rejection.reason)) {
            try JSONParser.parse(rejection.bytes)
        }
    }

    @Test(arguments: ["[", "{\"a\":"])
    func nestingTenThousandDeepFailsAtTheFirstLevelBeyondTheLimit(_ opener: String) {
        let text = String(repeating: opener, count: 10_000) + "1" + String(repeating: opener == "[" ? "]" : "}", count: 10_000)
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
