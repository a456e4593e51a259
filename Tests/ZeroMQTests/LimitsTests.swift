import Testing
import ZeroMQ

@Suite struct LimitsTests {
    @Test func receiveTimeoutReturnsNilAfterTheTimeout() throws {
        let context = try Context()
        let pull = try context.boundedSocket(.pull, timeoutMs: 50)
        try pull.bind("inproc://silent")

        let clock = ContinuousClock()
        let start = clock.now
        #expect(try pull.receiveMultipart() == nil)
        let elapsed = clock.now - start
        #expect(elapsed >= .milliseconds(40))
        #expect(elapsed < .milliseconds(Int(patience)))
    }

    @Test func dontWaitReturnsNilAtOnce() throws {
        let context = try Context()
        let pull = try context.boundedSocket(.pull)
        try pull.bind("inproc://empty")

        let clock = ContinuousClock()
        let start = clock.now
        #expect(try pull.receiveMultipart(dontWait: true) == nil)
        #expect(clock.now - start < .milliseconds(Int(patience) / 2))
    }

    @Test func sendTimeoutFailsWithEAGAINWhenNoPeerTakesTheMessage() throws {
        let context = try Context()
        let push = try context.boundedSocket(.push, timeoutMs: 20)
        try push.bind("inproc://no-puller")

        let error = zmqError { try push.send(bytes("lost")) }
        #expect(error?.isAgain == true)
    }

    @Test func oversizedMessageDisconnectsThePeerAndIsDropped() throws {
        let context = try Context()
        let pull = try context.boundedSocket(.pull, timeoutMs: 300)
        try pull.setMaxMessageSize(64)
        try pull.monitor("inproc://pull-monitor", events: [.accepted, .disconnected])
        let monitor = try context.boundedSocket(.pair)
        try monitor.connect("inproc://pull-monitor")
        try pull.bind("tcp://127.0.0.1:*")
        let push = try context.boundedSocket(.push)
        try push.connect(try pull.lastEndpoint)

        try push.send([UInt8](repeating: 1, count: 64))
        #expect(try pull.receiveMultipart() == [[UInt8](repeating: 1, count: 64)])
        #expect(try monitor.receiveMonitorEvent()?.kind == .accepted)

        // The pusher stays open throughout, so only the oversized message can end the connection.
        try withExtendedLifetime(push) {
            try push.send([UInt8](repeating: 2, count: 65))
            #expect(try pull.receiveMultipart() == nil)
            #expect(try monitor.receiveMonitorEvent()?.kind == .disconnected)
        }
    }

    @Test func emptyMessagesAreRejected() throws {
        let context = try Context()
        let push = try context.boundedSocket(.push)
        let error = zmqError { try push.send([[UInt8]]()) }
        #expect(error?.code == EINVAL)
    }
}
