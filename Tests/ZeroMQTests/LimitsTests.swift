import Testing
import ZeroMQ

@Suite struct LimitsTests {
    @Test func receiveTimeoutReturnsNilAfterTheTimeout() throws {
        let context = try Context()
        let socket = try context.boundedSocket(.dealer, timeoutMs: 50)
        try socket.bind("inproc://silent")

        let clock = ContinuousClock()
        let start = clock.now
        #expect(try socket.receiveMultipart() == nil)
        let elapsed = clock.now - start
        #expect(elapsed >= .milliseconds(40))
        #expect(elapsed < .milliseconds(Int(patience)))
    }

    @Test func dontWaitReturnsNilAtOnce() throws {
        let context = try Context()
        let socket = try context.boundedSocket(.dealer)
        try socket.bind("inproc://empty")

        let clock = ContinuousClock()
        let start = clock.now
        #expect(try socket.receiveMultipart(dontWait: true) == nil)
        #expect(clock.now - start < .milliseconds(Int(patience) / 2))
    }

    @Test func sendTimeoutFailsWithEAGAINWhenNoPeerTakesTheMessage() throws {
        let context = try Context()
        let dealer = try context.boundedSocket(.dealer, timeoutMs: 20)
        try dealer.bind("inproc://no-peer")

        let error = zmqError { try dealer.send(bytes("lost")) }
        #expect(error?.isAgain == true)
    }

    @Test func oversizedMessageIsDropped() throws {
        let context = try Context()
        let receiver = try context.boundedSocket(.dealer, timeoutMs: 300)
        try receiver.setMaxMessageSize(64)  // before binding: the listener takes the options it has then
        try receiver.bind("tcp://127.0.0.1:*")
        let sender = try context.boundedSocket(.dealer)
        try sender.connect(try receiver.lastEndpoint)

        try sender.send([UInt8](repeating: 1, count: 64))
        #expect(try receiver.receiveMultipart() == [[UInt8](repeating: 1, count: 64)])
        try sender.send([UInt8](repeating: 2, count: 65))
        #expect(try receiver.receiveMultipart() == nil)
    }

    @Test func emptyMessagesAreRejected() throws {
        let context = try Context()
        let dealer = try context.boundedSocket(.dealer)
        let error = zmqError { try dealer.send([[UInt8]]()) }
        #expect(error?.code == EINVAL)
    }
}
