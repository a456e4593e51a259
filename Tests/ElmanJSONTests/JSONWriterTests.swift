import Testing
import ElmanJSON

@Suite("JSON writer")
struct JSONWriterTests {
    @Test func compactWithMembersInStoredOrder() {
        let value: JSONValue = ["b": [1, true, nil], "a": ["x": "y"], "c": .array([]), "d": .object([:])]
        #expect(JSONWriter.string(value) == #"{"b":[1,true,null],"a":{"x":"y"},"c":[],"d":{}}"#)
    }

    @Test func integralDoublesBelowTwoToThe53AreWrittenAsIntegers() {
        let integers: JSONValue = [0, 3, -42, 1e15, -9007199254740991]
        #expect(JSONWriter.string(integers) == "[0,3,-42,1000000000000000,-9007199254740991]")
        #expect(JSONWriter.string(.number(-0.0)) == "-0")
    }

    @Test func otherDoublesUseShortestRoundTripDigits() throws {
        let fractions: JSONValue = [0.1, -2.5, 1e300, .number(.leastNonzeroMagnitude)]
        #expect(JSONWriter.string(fractions) == "[0.1,-2.5,1e+300,5e-324]")
        let big = 0x1p53
        #expect(JSONWriter.string(.number(big)) == big.description)
        #expect(try parseJSON(JSONWriter.string(.number(big))) == .number(big))
    }

    @Test func floatsUseFloatsShortestDigits() {
        #expect(JSONWriter.string(.float(0.1)) == "0.1")
        #expect(JSONWriter.string([.float(1e-5), .float(3), .float(-0.0), .float(1e20)]) == "[1e-05,3.0,-0.0,1e+20]")
        #expect(JSONWriter.string(.float(.greatestFiniteMagnitude)) == "3.4028235e+38")
    }

    @Test(arguments: [0.1, 1.0 / 3.0, -1e-45, .leastNonzeroMagnitude, .greatestFiniteMagnitude] as [Float])
    func floatsReadBackAsTheSameFloat(_ float: Float) throws {
        let parsed = try #require(try JSONParser.parse(JSONWriter.write(.float(float))).doubleValue)
        #expect(Float(parsed).bitPattern == float.bitPattern)
    }

    /// `7.038531e-26` is `Float`'s shortest spelling of a float whose nearest double lies exactly halfway to
    /// the next float, so narrowing that double picks the neighbour (checked here with the standard library).
    /// The writer then falls back to the double's digits.
    @Test func floatsWhoseShortestDigitsWouldRoundTwiceAreWrittenInFull() throws {
        let float: Float = 7.038531e-26
        let shortest = float.description
        #expect(Float(try #require(Double(shortest))) != float)
        let text = JSONWriter.string(.float(float))
        #expect(text == Double(float).description)
        #expect(Float(try #require(try parseJSON(text).doubleValue)) == float)
    }

    @Test func stringsEscapeOnlyQuoteBackslashAndControlCharacters() {
        let text = "a\"b\\c/d\n\u{0}\u{1F}\u{7F}é€😀"
        #expect(JSONWriter.string(.string(text)) == #""a\"b\\c/d\u000a\u0000\u001f"# + "\u{7F}é€😀\"")
    }

    @Test func keysAreEscapedLikeStrings() throws {
        let value: JSONValue = ["tab\there": 1]
        #expect(JSONWriter.string(value) == #"{"tab\u0009here":1}"#)
        #expect(try JSONParser.parse(JSONWriter.write(value)) == value)
    }

    @Test func bytesAndStringAgree() {
        let value: JSONValue = ["k": ["é", 1.5, .float(2.5)]]
        #expect(JSONWriter.write(value) == Array(JSONWriter.string(value).utf8))
    }
}
