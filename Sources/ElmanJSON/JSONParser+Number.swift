extension JSONParser {
    /// Parses the number starting at `position` (a `-` or a digit) by the grammar of RFC 8259 §6,
    ///
    ///     number = [ "-" ] int [ "." 1*DIGIT ] [ ( "e" / "E" ) [ "-" / "+" ] 1*DIGIT ]
    ///     int    = "0" / ( %x31-39 *DIGIT )
    ///
    /// and converts it to the nearest `Double` (ties to even). A literal whose magnitude rounds to infinity,
    /// such as `1e999`, is "number out of range"; one that underflows rounds to zero or a subnormal, as IEEE 754
    /// does. Grammar errors are reported at the offending byte, range errors at the number's first byte.
    ///
    /// While scanning, the digits (leading zeros included) are gathered as `significand · 10^exponent`;
    /// `exactValue` turns that into the result when it can, and `strtod` does the rest.
    mutating func parseNumber() throws(JSONParseError) -> Double {
        let start = position
        var cursor = position
        let negative = bytes[cursor] == JSONByte.minus
        if negative { cursor += 1 }
        var significand: UInt64 = 0
        var digitCount = 0
        var exponent = 0

        guard cursor < bytes.count, JSONByte.isDigit(bytes[cursor]) else { throw expectedDigit(at: cursor) }
        if bytes[cursor] == JSONByte.zero {
            cursor += 1
            if cursor < bytes.count, JSONByte.isDigit(bytes[cursor]) {
                throw JSONParseError(offset: cursor - 1, reason: JSONParseError.Reason.leadingZero)
            }
        } else {
            digitCount = scanDigits(&cursor, into: &significand)
        }

        if cursor < bytes.count, bytes[cursor] == JSONByte.dot {
            cursor += 1
            let fractionDigits = scanDigits(&cursor, into: &significand)
            guard fractionDigits > 0 else { throw expectedDigit(at: cursor) }
            digitCount += fractionDigits
            exponent = -fractionDigits
        }

        if cursor < bytes.count, bytes[cursor] == JSONByte.lowerE || bytes[cursor] == JSONByte.upperE {
            cursor += 1
            var exponentSign = 1
            if cursor < bytes.count, bytes[cursor] == JSONByte.minus || bytes[cursor] == JSONByte.plus {
                if bytes[cursor] == JSONByte.minus { exponentSign = -1 }
                cursor += 1
            }
            guard cursor < bytes.count, JSONByte.isDigit(bytes[cursor]) else { throw expectedDigit(at: cursor) }
            var written = 0
            while cursor < bytes.count, JSONByte.isDigit(bytes[cursor]) {
                // Saturate: 10^±100000 is far outside every Double, so larger exponents change nothing.
                written = min(written * 10 + Int(bytes[cursor] - JSONByte.zero), 100_000)
                cursor += 1
            }
            exponent += exponentSign * written
        }

        position = cursor
        let unsigned = UnsafeBufferPointer(rebasing: bytes[negative ? start + 1..<cursor : start..<cursor])
        let magnitude = Self.exactValue(significand, digitCount: digitCount, exponent: exponent)
            ?? Self.correctlyRounded(unsigned)
        guard magnitude.isFinite else {
            throw JSONParseError(offset: start, reason: JSONParseError.Reason.numberOutOfRange)
        }
        return negative ? -magnitude : magnitude
    }

    /// The value of `literal` when all of it is one JSON number; nil otherwise.
    static func number(in literal: UnsafeBufferPointer<UInt8>) -> Double? {
        var parser = JSONParser(bytes: literal, maxDepth: 0)
        guard !literal.isEmpty, let value = try? parser.parseNumber(), parser.position == literal.count else {
            return nil
        }
        return value
    }

    /// Reads the run of digits at `cursor`, appending each to `significand` (which wraps once more than 19
    /// digits have gone in: callers check the count), and returns how many there were.
    private func scanDigits(_ cursor: inout Int, into significand: inout UInt64) -> Int {
        let first = cursor
        while cursor < bytes.count {
            let digit = bytes[cursor] &- JSONByte.zero
            guard digit < 10 else { break }
            significand = significand &* 10 &+ UInt64(digit)
            cursor += 1
        }
        return cursor - first
    }

    /// `significand · 10^exponent`, correctly rounded, when Clinger's fast path applies; nil otherwise.
    ///
    /// With at most 19 digits the significand was gathered without wrapping. When it is also at most 2^53 and
    /// |exponent| ≤ 22, both it and 10^|exponent| are exact doubles, so one IEEE multiplication or division
    /// rounds the exact product or quotient once, which is the correctly rounded result. A float32 in its
    /// shortest form has at most 9 significant digits, so all but the tiniest and largest take this path.
    private static func exactValue(_ significand: UInt64, digitCount: Int, exponent: Int) -> Double? {
        guard digitCount <= 19 else { return nil }
        if significand == 0 { return 0 }
        guard significand <= 1 << 53, (-22...22).contains(exponent) else { return nil }
        let value = Double(significand)
        return exponent >= 0 ? value * exactPowersOfTen[exponent] : value / exactPowersOfTen[-exponent]
    }

    /// 10^0 ... 10^22: the powers of ten that a `Double` holds exactly.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The nearest `Double` to an unsigned literal that has already passed the JSON grammar (a subset of what
    /// the standard library's parser accepts), by the C library's `strtod`: correctly rounded, and
    /// locale-independent as the standard library calls it. An overflow gives infinity.
    private static func correctlyRounded(_ literal: UnsafeBufferPointer<UInt8>) -> Double {
        Double(String(decoding: literal, as: UTF8.self)) ?? .infinity
    }

    private func expectedDigit(at offset: Int) -> JSONParseError {
        JSONParseError(offset: offset, reason: JSONParseError.Reason.expectedDigit)
    }
}
