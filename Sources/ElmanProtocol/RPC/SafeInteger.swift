/// The protocol's one rule for integers on the wire, for request ids and every integer parameter alike:
/// −(2⁵³ − 1) … 2⁵³ − 1, the "safe integers" of JavaScript and I-JSON (RFC 7493 §2.2).
///
/// JSON numbers travel as IEEE 754 doubles. Every integer of magnitude up to 2⁵³ is a double, but from 2⁵³ on
/// neighbours share one: `9007199254740993` parses to 2⁵³ too, so a number that arrives as 2⁵³ may have been sent
/// as another integer. Within ±(2⁵³ − 1) the double read is the integer sent, and it is echoed or used unchanged.
public enum SafeInteger {
    /// 2⁵³ − 1 = 9 007 199 254 740 991, the largest magnitude accepted.
    public static let max = (1 << 53) - 1

    /// The range as error messages and PROTOCOL.md state it.
    public static let rangeText = "±(2^53 − 1)"

    /// Whether `number` lies within ±`max` (fractional or not).
    public static func contains(_ number: Double) -> Bool {
        number.magnitude <= Double(max)
    }

    /// `number` as an `Int` when it is integral and within ±`max`; nil otherwise.
    public static func exact(_ number: Double) -> Int? {
        guard contains(number), number.rounded(.towardZero) == number else { return nil }
        return Int(number)
    }
}
