/// Why a byte sequence is not the JSON text the parser accepts.
///
/// `offset` is the zero-based index of the first byte that breaks the rules (for an input that ends too early,
/// the input's length); `reason` is one of the short phrases listed in `JSONParseError.Reason`.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public let offset: Int
    public let reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "\(reason) at byte \(offset)" }
}

extension JSONParseError {
    /// Every `reason` the parser gives, in one place.
    public enum Reason {
        public static let unexpectedEnd = "unexpected end of input"
        public static let unexpectedCharacter = "unexpected character"
        public static let trailingCharacters = "trailing characters after value"
        public static let byteOrderMark = "byte order mark not allowed"
        public static let invalidLiteral = "invalid literal"
        public static let tooDeep = "nesting too deep"
        public static let expectedCommaOrBracket = "expected ',' or ']'"
        public static let expectedCommaOrBrace = "expected ',' or '}'"
        public static let expectedKey = "expected string key"
        public static let expectedColon = "expected ':'"
        public static let duplicateKey = "duplicate key"
        public static let unterminatedString = "unterminated string"
        public static let controlCharacter = "control character in string"
        public static let invalidEscape = "invalid escape"
        public static let loneSurrogate = "lone surrogate in \\u escape"
        public static let invalidUTF8 = "invalid UTF-8"
        public static let truncatedUTF8 = "truncated UTF-8 sequence"
        public static let expectedDigit = "expected digit"
        public static let leadingZero = "leading zero in number"
        public static let numberOutOfRange = "number out of range"
    }
}
