import Testing
import ZeroMQ

@Suite struct ContextTests {
    @Test func capabilitiesAreReported() {
        #expect(ZMQ.has("ipc"))
        #expect(!ZMQ.has("no-such-capability"))
    }
}
