import ElmanCore
import Testing
import ElmanJSON

/// Numbers are checked against the standard library's `Double(String)` (the C library's correctly rounded
/// `strtod`), an implementation independent of the parser's fast path.
@Suite("JSON numbers")
struct JSONNumberTests {
    private func number(_ text: String) throws -> Double {
        try #require(try parseJSON(text).doubleValue)
    }

    @Test func zeroKeepsItsSign() throws {
        #expect(try number("0") == 0 && number("0").sign == .plus)
        #expect(try number("-0") == 0 && number("-0").sign == .minus)
        #expect(try number("-0.0e5").sign == .minus)
        #expect(try number("0e999999") == 0)
        #expect(JSONWriter.string(try parseJSON("[0,-0]")) == "[0,-0]")
    }

    @Test func extremesOfTheDoubleRange() throws {
        #expect(try number("1e308") == 1e308)
        #expect(try number("1.7976931348623157e308") == .greatestFiniteMagnitude)
        #expect(try number("-1.7976931348623157e308") == -.greatestFiniteMagnitude)
        #expect(try number("5e-324") == .leastNonzeroMagnitude)
        #expect(try number("2.2250738585072014e-308") == .leastNormalMagnitude)
    }

    @Test func underflowRoundsToZeroRatherThanFailing() throws {
        #expect(try number("2e-324") == 0)
        #expect(try number("-1e-400").sign == .minus)
        #expect(try number("1e-100000000000000000000") == 0)
    }

    @Test func decimalFractionsReadAsTheNearestDoubleAndWriteBackUnchanged() throws {
        #expect(try number("0.1") == 0.1)
        #expect(JSONWriter.string(try parseJSON("[0.1,-0.3,2.5e-7]")) == "[0.1,-0.3,2.5e-07]")
        #expect(try number("-0.3") == -0.3)
        #expect(try number("3.141592653589793") == .pi)
        #expect(try number("1E2") == 100 && number("1e+2") == 100 && number("100e-2") == 1)
    }

    @Test(arguments: [
        "9007199254740992", "9007199254740993", "9007199254740995", "18446744073709551615",
        "18446744073709551616", "123456789012345678901234567890", "-99999999999999999999",
        "1e22", "1e23", "8.98846567431158e307", "0.1000000000000000055511151231257827",
        "7.038531e-26", "123456789e-22", "4.9406564584124654e-324", "2.4703282292062328e-324",
        "0.00000000000000000000000000000000000000001", "1" + String(repeating: "0", count: 40) + ".5e-40",
    ])
    func matchesStrtodOnHardCases(_ literal: String) throws {
        #expect(try number(literal) == Double(literal))
    }

    /// Random literals across the whole grammar: 1–25 digits, an optional fraction and exponent, both signs,
    /// including values that overflow (which must be errors) and underflow.
    @Test func matchesStrtodOnRandomLiterals() throws {
        var random = SeededGenerator(seed: 0x5EED_0001)
        for _ in 0..<5_000 {
            let literal = randomNumberLiteral(&random)
            let expected = try #require(Double(literal))
            if expected.isFinite {
                #expect(try number(literal) == expected, "\(literal)")
            } else {
                #expect(throws: JSONParseError(offset: 0, reason: JSONParseError.Reason.numberOutOfRange)) {
                    try parseJSON(literal)
                }
            }
        }
    }

    private func randomNumberLiteral(_ random: inout SeededGenerator) -> String {
        func digits(_ count: Int) -> String {
            String((0..<count).map { _ in Character(String(Int.random(in: 0..<10, using: &random))) })
        }
        var literal = Bool.random(using: &random) ? "" : "-"
        let integer = digits(Int.random(in: 1...12, using: &random))
        literal += integer.count > 1 && integer.first == "0" ? "0" : integer
        if Bool.random(using: &random) { literal += "." + digits(Int.random(in: 1...14, using: &random)) }
        if Bool.random(using: &random) {
            let marker = ["e", "E", "e+", "e-"].randomElement(using: &random)!
            literal += marker + String(Int.random(in: 0..<340, using: &random))
        }
        return literal
    }
}
