import ElmanCore
import Testing
import ElmanJSON

@Suite("JSON round trips of random values")
struct JSONRoundTripTests {
    @Test func writtenValuesParseBackToTheSameBits() throws {
        var random = SeededGenerator(seed: 2024)
        for _ in 0..<500 {
            let value = randomValue(depth: 0, &random)
            let text = JSONWriter.write(value)
            #expect(readsBack(try JSONParser.parse(text), as: value), "\(JSONWriter.string(value))")
        }
    }

    @Test func randomFloatsReadBackAsTheSameFloat() throws {
        var random = SeededGenerator(seed: 32)
        for _ in 0..<20_000 {
            let float = randomFiniteFloat(&random)
            #expect(readsBack(try JSONParser.parse(JSONWriter.write(.float(float))), as: .float(float)), "\(float)")
        }
    }

    /// Without `.float` (which reads back as a `.number` and is then written with `Double`'s digits), writing
    /// what was parsed reproduces the bytes exactly: the writer has one spelling per value.
    @Test func writingIsStableAcrossParsing() throws {
        var random = SeededGenerator(seed: 7)
        for _ in 0..<500 {
            let text = JSONWriter.write(randomValue(depth: 0, &random, floats: false))
            #expect(JSONWriter.write(try JSONParser.parse(text)) == text)
        }
    }

    /// Whether `parsed` is what reading `written` back must give: the same structure, strings and doubles
    /// bit for bit (so `-0` stays negative), and for a `.float` a `.number` that narrows to the same `Float` bits.
    private func readsBack(_ parsed: JSONValue, as written: JSONValue) -> Bool {
        switch (parsed, written) {
        case (.number(let number), .float(let float)): return Float(number).bitPattern == float.bitPattern
        case (.number(let number), .number(let expected)): return number.bitPattern == expected.bitPattern
        case (.array(let elements), .array(let expected)):
            return elements.count == expected.count && zip(elements, expected).allSatisfy(readsBack)
        case (.object(let members), .object(let expected)):
            return members.keys == expected.keys
                && zip(members, expected).allSatisfy { readsBack($0.value, as: $1.value) }
        default: return parsed == written
        }
    }

    private func randomValue(depth: Int, _ random: inout SeededGenerator, floats: Bool = true) -> JSONValue {
        let kinds = depth < 4 ? 9 : 7
        switch Int.random(in: 0..<kinds, using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .number(Double(Int64.random(in: -(1 << 53)...(1 << 53), using: &random)))
        case 3: return .number(randomFiniteDouble(&random))
        case 4:
            return floats
                ? .float(randomFiniteFloat(&random)) : .number(Double(Int.random(in: 0..<1000, using: &random)) / 8)
        case 5, 6: return .string(randomString(&random))
        case 7:
            let count = Int.random(in: 0..<6, using: &random)
            return .array((0..<count).map { _ in randomValue(depth: depth + 1, &random, floats: floats) })
        default:
            var object = JSONObject([])
            for _ in 0..<Int.random(in: 0..<6, using: &random) {
                object[randomString(&random)] = randomValue(depth: depth + 1, &random, floats: floats)
            }
            return .object(object)
        }
    }

    /// Any finite double, drawn from its bit pattern so every exponent (and subnormals) is covered.
    private func randomFiniteDouble(_ random: inout SeededGenerator) -> Double {
        while true {
            let value = Double(bitPattern: random.next())
            if value.isFinite { return value }
        }
    }

    private func randomFiniteFloat(_ random: inout SeededGenerator) -> Float {
        while true {
            let value = Float(bitPattern: UInt32(truncatingIfNeeded: random.next()))
            if value.isFinite { return value }
        }
    }

    /// Strings mixing ASCII (with the characters the writer must escape), control characters, and scalars
    /// of two, three and four UTF-8 bytes.
    private func randomString(_ random: inout SeededGenerator) -> String {
        let pools: [ClosedRange<UInt32>] = [0x20...0x7E, 0x00...0x1F, 0x22...0x22, 0x5C...0x5C,
                                            0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFF, 0x10000...0x10FFFF]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0..<12, using: &random) {
            let pool = pools.randomElement(using: &random)!
            if let scalar = Unicode.Scalar(UInt32.random(in: pool, using: &random)) { scalars.append(scalar) }
        }
        return String(scalars)
    }
}
