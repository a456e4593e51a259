import ElmanJSON
import Testing

@testable import ElmanProtocol

/// Parameter names are looked up by code points, as JSON member names are (see ElmanJSONTests' `JSONKeyTests`).
@Suite struct ParamReaderTests {
    @Test func aParameterSpelledWithOtherCodePointsIsUnknown() {
        // "\u{212A}" is canonically equivalent to "K" only; no parameter name has a K, so take a params reader
        // that asks for one to show that such a member is not taken for it.
        var reader = ParamReader(["\u{212A}": 1])
        #expect(reader.value("K") == nil)
        #expect(throws: RPCError.invalidParams("\u{212A}", "unknown parameter")) { try reader.finish() }
    }
}
