import Testing
import ElmanJSON

@Suite("JSONValue and JSONObject")
struct JSONValueTests {
    @Test func literalsBuildTheMatchingCases() {
        let value: JSONValue = ["n": nil, "b": false, "i": 2, "d": 0.5, "s": "x", "a": [1]]
        let expected = JSONValue.object(JSONObject([
            ("n", .null), ("b", .bool(false)), ("i", .number(2)), ("d", .number(0.5)), ("s", .string("x")),
            ("a", .array([.number(1)])),
        ]))
        #expect(value == expected)
    }

    @Test func accessorsAnswerOnlyForTheirCase() {
        let value: JSONValue = ["a": 1]
        #expect(value.objectValue?.count == 1)
        #expect(value["a"]?.doubleValue == 1)
        #expect(value.doubleValue == nil && value.stringValue == nil)
        #expect(value.arrayValue == nil && value.boolValue == nil)
        #expect(JSONValue.string("s").stringValue == "s" && JSONValue.bool(true).boolValue == true)
        #expect(JSONValue.array([1]).arrayValue == [1])
        #expect(JSONValue.float(0.5).doubleValue == 0.5)
        #expect(JSONValue.array([1])["a"] == nil)
    }

    @Test func aFloatEqualsTheNumberItWidensTo() {
        #expect(JSONValue.float(0.1) == .number(Double(Float(0.1))))
        #expect(JSONValue.float(0.1) != .number(0.1))
        #expect(JSONValue.number(2) == .float(2))
        #expect(JSONValue.float(1) != .string("1"))
        #expect(JSONValue.number(0) != .null)
    }

    @Test func objectEqualityIgnoresOrderButNotContent() {
        let ab: JSONObject = ["a": 1, "b": 2]
        #expect(ab == ["b": 2, "a": 1])
        #expect(ab != ["a": 1, "b": 3])
        #expect(ab != ["a": 1])
        #expect(ab != ["a": 1, "c": 2])
    }

    @Test func settingMembersAppendsReplacesInPlaceAndRemoves() {
        var object: JSONObject = ["a": 1, "b": 2, "c": 3]
        object["d"] = 4
        object["b"] = "two"
        #expect(object.keys == ["a", "b", "c", "d"])
        #expect(object["b"] == "two")
        object["a"] = nil
        #expect(object.keys == ["b", "c", "d"])
        #expect(object["c"] == 3 && object["d"] == 4 && object["a"] == nil)
        object["zz"] = nil
        #expect(object.count == 3)
        #expect(object.map(\.key) == ["b", "c", "d"])
    }
}
