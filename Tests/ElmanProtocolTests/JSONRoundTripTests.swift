import Testing
@testable import ElmanProtocol

/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny seeded generator so random tests replay exactly.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound`.
    mutating func next(below bound: Int) -> Int { Int.random(in: 0..<bound, using: &self) }
}

@Suite("JSON round trips of random values")
struct JSONRoundTripTests {
    @Test func writtenValuesParseBackToTheSameBits() throws {
        var random = SplitMix64(seed: 2024)
        for _ in 0..<500 {
            let value = randomValue(depth: 0, &random)
            let text = JSONWriter.write(value)
            #expect(readsBack(try JSONParser.parse(text), as: value), "\(JSONWriter.string(value))")
        }
    }

    @Test func randomFloatsReadBackAsTheSameFloat() throws {
        var random = SplitMix64(seed: 32)
        for _ in 0..<20_000 {
            let float = randomFiniteFloat(&random)
            #expect(readsBack(try JSONParser.parse(JSONWriter.write(.float(float))), as: .float(float)), "\(float)")
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

    /// Without `.float` (which reads back as a `.number` and is then written with `Double`'s digits), writing
    /// what was parsed reproduces the bytes exactly: the writer has one spelling per value.
    @Test func writingIsStableAcrossParsing() throws {
        var random = SplitMix64(seed: 7)
        for _ in 0..<500 {
            let text = JSONWriter.write(randomValue(depth: 0, &random, floats: false))
            #expect(JSONWriter.write(try JSONParser.parse(text)) == text)
        }
    }

    private func randomValue(depth: Int, _ random: inout SplitMix64, floats: Bool = true) -> JSONValue {
        let kinds = depth < 4 ? 9 : 7
        switch random.next(below: kinds) {
        case 0: return .null
        case 1: return .bool(random.next(below: 2) == 0)
        case 2: return .number(Double(Int64.random(in: -(1 << 53)...(1 << 53), using: &random)))
        case 3: return .number(randomFiniteDouble(&random))
        case 4: return floats ? .float(randomFiniteFloat(&random)) : .number(Double(random.next(below: 1000)) / 8)
        case 5, 6: return .string(randomString(&random))
        case 7:
            return .array((0..<random.next(below: 6)).map { _ in randomValue(depth: depth + 1, &random, floats: floats) })
        default:
            var object = JSONObject([])
            for _ in 0..<random.next(below: 6) {
                object[randomString(&random)] = randomValue(depth: depth + 1, &random, floats: floats)
            }
            return .object(object)
        }
    }

    /// Any finite double, drawn from its bit pattern so every exponent (and subnormals) is covered.
    private func randomFiniteDouble(_ random: inout SplitMix64) -> Double {
        while true {
            let value = Double(bitPattern: random.next())
            if value.isFinite { return value }
        }
    }

    private func randomFiniteFloat(_ random: inout SplitMix64) -> Float {
        while true {
            let value = Float(bitPattern: UInt32(truncatingIfNeeded: random.next()))
            if value.isFinite { return value }
        }
    }

    /// Strings mixing ASCII (with the characters the writer must escape), control characters, and scalars
    /// of two, three and four UTF-8 bytes.
    private func randomString(_ random: inout SplitMix64) -> String {
        let pools: [ClosedRange<UInt32>] = [0x20...0x7E, 0x00...0x1F, 0x22...0x22, 0x5C...0x5C,
                                            0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFF, 0x10000...0x10FFFF]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<random.next(below: 12) {
            let pool = pools[random.next(below: pools.count)]
            if let scalar = Unicode.Scalar(UInt32.random(in: pool, using: &random)) { scalars.append(scalar) }
        }
        return String(scalars)
    }
}
