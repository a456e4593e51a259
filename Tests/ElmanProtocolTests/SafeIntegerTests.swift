import ElmanJSON
import Testing

@testable import ElmanProtocol

/// One integer rule for ids and params: ±(2⁵³ − 1) is accepted, 2⁵³ is not (2⁵³ + 1 parses to it too).
@Suite struct SafeIntegerTests {
    let limits = Limits(trainingThreads: 1)

    private func decode(_ text: String) -> RPCCall? {
        guard case .single(let call) = RPCDecoder.decode(Array(text.utf8), limits: limits) else { return nil }
        return call
    }

    @Test(arguments: ["9007199254740991", "-9007199254740991"])
    func idsAtTheEdgeAreEchoed(id: String) throws {
        let call = try #require(decode(#"{"jsonrpc":"2.0","id":\#(id),"method":"ping"}"#))
        #expect(call.id == .number(Double(id)!))
        guard case .success = call.outcome else { Issue.record("refused"); return }
    }

    @Test(arguments: ["9007199254740992", "-9007199254740992", "9007199254740993"])
    func idsBeyondTheEdgeAreInvalidRequests(id: String) throws {
        let call = try #require(decode(#"{"jsonrpc":"2.0","id":\#(id),"method":"ping"}"#))
        #expect(call.id == .null)
        guard case .failure(let error) = call.outcome else { Issue.record("accepted"); return }
        #expect(error == .invalidRequest("a numeric id must lie within ±(2^53 − 1); use a string"))
    }

    @Test func seedAtTheEdgeIsAccepted() throws {
        let params = try TrainParams(["seed": 9_007_199_254_740_991], limits: limits)
        guard case .random(_, let seed, _, _) = params.source else { Issue.record("not random"); return }
        #expect(seed == 9_007_199_254_740_991)
    }

    @Test(arguments: [("seed", 9_007_199_254_740_992.0), ("timeout_ms", 9_007_199_254_740_992.0),
                      ("timeout_ms", 0.5)])
    func integerParamsBeyondTheEdgeOrFractionalAreRefused(name: String, value: Double) {
        let refusal = RPCError.invalidParams(name, "must be an integer within ±(2^53 − 1)")
        #expect(throws: refusal) {
            if name == "seed" {
                _ = try TrainParams([name: .number(value)], limits: limits)
            } else {
                _ = try WaitParams(["job": "j1", name: .number(value)])
            }
        }
    }

    @Test func waitTimeoutAtTheEdgeIsAccepted() throws {
        #expect(try WaitParams(["job": "j1", "timeout_ms": 9_007_199_254_740_991]).timeoutMs == 9_007_199_254_740_991)
    }

    @Test func theRuleItself() {
        #expect(SafeInteger.exact(0x1p53 - 1) == SafeInteger.max)
        #expect(SafeInteger.exact(-(0x1p53 - 1)) == -SafeInteger.max)
        #expect(SafeInteger.exact(0x1p53) == nil && SafeInteger.exact(-0x1p53) == nil)
        #expect(SafeInteger.exact(2.5) == nil && SafeInteger.exact(-0.0) == 0)
        #expect(SafeInteger.contains(0.5) && !SafeInteger.contains(0x1p53))
    }
}
