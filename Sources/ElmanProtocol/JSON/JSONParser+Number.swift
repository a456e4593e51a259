extension JSONParser {
    /// Parses the number starting at `position` (a `-` or a digit) by the grammar of RFC 8259 §6,
    ///
    ///     number = [ "-" ] int [ "." 1*DIGIT ] [ ( "e" / "E" ) [ "-" / "+" ] 1*DIGIT ]
    ///     int    = "0" / ( %x31-39 *DIGIT )
    ///
    /// and converts it to the nearest `Double` (ties to even). A literal whose magnitude rounds to infinity,
    /// such as `1e999`, is "number out of range"; one that underflows rounds to zero or a subnormal, as IEEE 754
    /// does. Grammar errors are reported at the offending byte, range errors at the number's first byte.
    mutating func parseNumber() throws(JSONParseError) -> Double {
        let start = position
        var cursor = position
        var decimal = DecimalAccumulator()
        let negative = bytes[cursor] == JSONByte.minus
        if negative { cursor += 1 }

        guard cursor < bytes.count, JSONByte.isDigit(bytes[cursor]) else { throw expectedDigit(at: cursor) }
        if bytes[cursor] == JSONByte.zero {
            cursor += 1
            if cursor < bytes.count, JSONByte.isDigit(bytes[cursor]) {
                throw JSONParseError(offset: cursor - 1, reason: JSONParseError.Reason.leadingZero)
            }
        } else {
            while cursor < bytes.count, JSONByte.isDigit(bytes[cursor]) {
                decimal.appendDigit(bytes[cursor] - JSONByte.zero)
                cursor += 1
            }
        }

        if cursor < bytes.count, bytes[cursor] == JSONByte.dot {
            cursor += 1
            guard cursor < bytes.count, JSONByte.isDigit(bytes[cursor]) else { throw expectedDigit(at: cursor) }
            while cursor < bytes.count, JSONByte.isDigit(bytes[cursor]) {
                decimal.appendDigit(bytes[cursor] - JSONByte.zero)
                decimal.exponent -= 1
                cursor += 1
            }
        }

        if cursor < bytes.count, bytes[cursor] == JSONByte.lowerE || bytes[cursor] == JSONByte.upperE {
            cursor += 1
            var exponentSign = 1
            if cursor < bytes.count, bytes[cursor] == JSONByte.minus || bytes[cursor] == JSONByte.plus {
                if bytes[cursor] == JSONByte.minus { exponentSign = -1 }
                cursor += 1
            }
            guard cursor < bytes.count, JSONByte.isDigit(bytes[cursor]) else { throw expectedDigit(at: cursor) }
            var exponent = 0
            while cursor < bytes.count, JSONByte.isDigit(bytes[cursor]) {
                // Saturate: any exponent this large already over- or underflows every Double.
                exponent = min(exponent * 10 + Int(bytes[cursor] - JSONByte.zero), DecimalAccumulator.exponentLimit)
                cursor += 1
            }
            decimal.exponent += exponentSign * exponent
        }

        position = cursor
        let unsigned = negative ? start + 1..<cursor : start..<cursor
        let magnitude = decimal.exactDouble ?? Self.correctlyRounded(UnsafeBufferPointer(rebasing: bytes[unsigned]))
        guard magnitude.isFinite else {
            throw JSONParseError(offset: start, reason: JSONParseError.Reason.numberOutOfRange)
        }
        return negative ? -magnitude : magnitude
    }

    private func expectedDigit(at offset: Int) -> JSONParseError {
        JSONParseError(offset: offset, reason: JSONParseError.Reason.expectedDigit)
    }

    /// The nearest `Double` to an unsigned literal that has already passed the JSON grammar (a subset of what
    /// the standard library's parser accepts), by the C library's `strtod`: correctly rounded, and
    /// locale-independent as the standard library calls it. An overflow gives infinity.
    private static func correctlyRounded(_ literal: UnsafeBufferPointer<UInt8>) -> Double {
        Double(String(decoding: literal, as: UTF8.self)) ?? .infinity
    }
}

/// The digits of a decimal literal as `significand · 10^exponent`, kept exactly while they fit.
///
/// `exactDouble` is Clinger's fast path: when the significand is an integer below 2^53 and
/// |exponent| ≤ 22, both the significand and 10^|exponent| are exact doubles, so one IEEE multiplication or
/// division gives the correctly rounded result. A float32 in its shortest form has at most 9 significant
/// digits, so all but the tiniest and largest take this path; other literals go to `strtod`.
struct DecimalAccumulator {
    /// Larger decimal exponents than this are clamped: 10^±100000 is far outside `Double`'s range.
    static let exponentLimit = 100_000
    /// 10^0 ... 10^22: the powers of ten that a `Double` holds exactly.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    private var significand: UInt64 = 0
    /// Significant digits taken into `significand` (leading zeros do not count).
    private var significantDigits = 0
    /// False once a digit could not be kept because `significand` already had 19 digits.
    private var isExact = true
    var exponent = 0

    /// Appends a decimal digit to the significand (the caller adjusts `exponent` for fraction digits).
    mutating func appendDigit(_ digit: UInt8) {
        guard significand != 0 || digit != 0 else { return }
        guard significantDigits < 19 else {
            isExact = false
            return
        }
        significand = significand * 10 + UInt64(digit)
        significantDigits += 1
    }

    /// The literal's value, exactly rounded, when the fast path applies; nil otherwise. Zero is exact
    /// whatever the exponent.
    var exactDouble: Double? {
        guard isExact else { return nil }
        if significand == 0 { return 0 }
        guard significand <= 1 << 53, (-22...22).contains(exponent) else { return nil }
        let value = Double(significand)
        return exponent >= 0
            ? value * Self.exactPowersOfTen[exponent]
            : value / Self.exactPowersOfTen[-exponent]
    }
}
