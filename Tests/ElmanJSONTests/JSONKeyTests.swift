import ElmanJSON
import Testing

/// Member names are compared by code points (RFC 8259 §8.3), never by Swift's canonical equivalence: "é" as
/// U+00E9 and as "e" + U+0301 are two names, and so are the Kelvin sign U+212A and "K".
@Suite struct JSONKeyTests {
    static let composed = "\u{E9}"
    static let decomposed = "e\u{301}"

    @Test func canonicallyEquivalentKeysAreTwoMembersNotADuplicate() throws {
        let text = "{\"\(Self.composed)\":1,\"\(Self.decomposed)\":2,\"K\":3,\"\u{212A}\":4}"
        let object = try #require(try parseJSON(text).objectValue)
        #expect(object.count == 4)
        #expect(object.keys.map { Array($0.unicodeScalars) } == [
            ["\u{E9}"], ["e", "\u{301}"], ["K"], ["\u{212A}"],
        ])
        #expect(object[Self.composed] == 1 && object[Self.decomposed] == 2)
        #expect(object["K"] == 3 && object["\u{212A}"] == 4)
    }

    @Test func theSameCodePointsAreADuplicateHoweverEscaped() {
        let text = "{\"\(Self.composed)\":1,\"\\u00e9\":2}"
        #expect(throws: JSONParseError(offset: 8, reason: JSONParseError.Reason.duplicateKey)) {
            try parseJSON(text)
        }
    }

    @Test func lookupDoesNotFindACanonicallyEquivalentKey() {
        let object: JSONObject = [Self.decomposed: 1]
        #expect(object[Self.composed] == nil)
        var edited = object
        edited[Self.composed] = 2
        #expect(edited.count == 2 && edited[Self.decomposed] == 1)
        edited[Self.composed] = nil
        #expect(edited == object)
    }

    @Test func stringsAreEqualByCodePoints() {
        #expect(JSONValue.string(Self.composed) != .string(Self.decomposed))
        #expect(JSONValue.string(Self.composed) == .string("\u{E9}"))
        let one: JSONObject = [Self.composed: 1], other: JSONObject = [Self.decomposed: 1]
        #expect(one != other)
    }
}
