import Testing
import ElmanJSON

/// Parses UTF-8 text with the default depth limit; shared by the JSON test suites.
func parseJSON(_ text: String, maxDepth: Int = 64) throws(JSONParseError) -> JSONValue {
    try JSONParser.parse(Array(text.utf8), maxDepth: maxDepth)
}

@Suite("JSON parser: accepted texts")
struct JSONParserTests {
    @Test func scalarsAtTopLevel() throws {
        #expect(try parseJSON("null") == .null)
        #expect(try parseJSON("true") == .bool(true))
        #expect(try parseJSON("false") == .bool(false))
        #expect(try parseJSON("42") == .number(42))
        #expect(try parseJSON("\"hi\"") == .string("hi"))
    }

    @Test func whitespaceOfAllFourKindsAroundAndBetweenTokens() throws {
        let value = try parseJSON(" \t\r\n{ \"a\" :\n[ 1 ,\t2 ] , \"b\" : { } }\r\n ")
        #expect(value == ["a": [1, 2], "b": .object([:])])
    }

    @Test func emptyContainers() throws {
        #expect(try parseJSON("[]") == .array([]))
        #expect(try parseJSON("{}") == .object([:]))
        #expect(try parseJSON("[[],{}]") == [.array([]), .object([:])])
    }

    @Test func objectMembersKeepTheirTextOrder() throws {
        let object = try #require(try parseJSON(#"{"z":1,"a":2,"m":3}"#).objectValue)
        #expect(object.keys == ["z", "a", "m"])
    }

    @Test func jsonRPCRequest() throws {
        let value = try parseJSON(#"{"jsonrpc":"2.0","id":7,"method":"train","params":{"hidden":6,"lr":0.01}}"#)
        #expect(value["method"] == "train")
        #expect(value["id"]?.doubleValue == 7)
        #expect(value["params"]?["lr"]?.doubleValue == 0.01)
        #expect(value["missing"] == nil)
    }

    @Test func simpleEscapes() throws {
        #expect(try parseJSON(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{8}\u{C}\n\r\t"))
    }

    @Test func unicodeEscapesIncludingNulAndBMPCharacters() throws {
        #expect(try parseJSON(#""\u0000\u0041\u00e9\u20AC\uFFFF""#) == .string("\u{0}Aé€\u{FFFF}"))
    }

    @Test func surrogatePairEscapesCombineIntoOneScalar() throws {
        #expect(try parseJSON(#""\uD83D\uDE00""#) == .string("😀"))
        #expect(try parseJSON(#""\ud800\udc00\udbff\udfff""#) == .string("\u{10000}\u{10FFFF}"))
    }

    @Test func escapesMixedWithLiteralRuns() throws {
        #expect(try parseJSON(#""ab\ncd\"ef😀\u00e9gh""#) == .string("ab\ncd\"ef😀égh"))
    }

    @Test func rawUTF8OfEveryLengthIncludingTheTableBoundaries() throws {
        let text = "\u{7F}\u{80}\u{7FF}\u{800}\u{D7FF}\u{E000}\u{FFFF}\u{10000}\u{10FFFF}é中😀"
        #expect(try parseJSON("\"\(text)\"") == .string(text))
    }

    @Test func nestingExactlyAtTheLimitIsAccepted() throws {
        let depth = 64
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try parseJSON(text)
        for _ in 1..<depth { value = try #require(value.arrayValue?.first) }
        #expect(value == .array([]))
    }

    @Test func maxDepthZeroAllowsOnlyScalars() throws {
        #expect(try parseJSON("1", maxDepth: 0) == 1)
        #expect(throws: JSONParseError(offset: 0, reason: JSONParseError.Reason.tooDeep)) {
            try parseJSON("[]", maxDepth: 0)
        }
    }

    @Test func largeObjectWithDistinctKeys() throws {
        let members = (0..<5_000).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let object = try #require(try parseJSON("{\(members)}").objectValue)
        #expect(object.count == 5_000)
        #expect(object["k4999"] == 4999)
    }
}
