import Foundation
import Testing
import ZeroMQ

@Suite struct ContextTests {
    @Test func versionIsTheLinkedLibrary() {
        let version = ZMQ.version
        #expect(version.major == 4)
        #expect(version.minor >= 3)
    }

    @Test func capabilitiesAreReported() {
        #expect(ZMQ.has("ipc"))
        #expect(!ZMQ.has("no-such-capability"))
    }

    @Test func shutdownFailsLaterCallsWithETERM() throws {
        let context = try Context()
        let socket = try context.boundedSocket(.pull)
        context.shutdown()
        #expect(zmqError { _ = try socket.receiveMultipart() }?.isTerminated == true)
        #expect(zmqError { _ = try context.socket(.push) }?.isTerminated == true)
    }

    @Test func shutdownReleasesAThreadBlockedInReceive() throws {
        let context = try Context()
        let finished = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        let socket = try context.boundedSocket(.pull, timeoutMs: 5 * patience)
        try socket.bind("inproc://blocked")
        // Thread creation is a full barrier, so the socket may change hands here.
        let receiver = Thread {
            outcome.error = zmqError { _ = try socket.receiveMultipart() }
            finished.signal()
        }
        receiver.start()
        Thread.sleep(forTimeInterval: 0.05)
        context.shutdown()
        #expect(finished.wait(timeout: .now() + .milliseconds(Int(patience))) == .success)
        #expect(outcome.error?.isTerminated == true)
    }
}

/// What the receiving thread saw, read by the test after the semaphore has ordered the two threads.
private final class Outcome: @unchecked Sendable {
    var error: ZMQError?
}
