import Testing
import ZeroMQ

@Suite struct PollerTests {
    @Test func pollerReportsOnlyTheReadySocket() throws {
        let context = try Context()
        let quiet = try context.boundedSocket(.pull)
        try quiet.bind("inproc://quiet")
        let busy = try context.boundedSocket(.pull)
        try busy.bind("inproc://busy")
        let push = try context.boundedSocket(.push)
        try push.connect("inproc://busy")

        var poller = Poller()
        let quietIndex = poller.add(.socket(quiet), events: .readable)
        let busyIndex = poller.add(.socket(busy), events: .readable)
        #expect(try poller.poll(timeoutMs: 0) == 0)

        try push.send(bytes("wake"))
        #expect(try poller.poll(timeoutMs: Int(patience)) == 1)
        #expect(poller.revents(quietIndex) == [])
        #expect(poller.revents(busyIndex) == .readable)

        _ = try busy.receiveMultipart()
        #expect(try poller.poll(timeoutMs: 0) == 0)
        #expect(poller.revents(busyIndex) == [])
    }

    @Test func pollerWatchesAPipeBesideASocket() throws {
        let context = try Context()
        let pull = try context.boundedSocket(.pull)
        try pull.bind("inproc://beside-pipe")
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { ends.forEach { _ = close($0) } }

        var poller = Poller()
        let socketIndex = poller.add(.socket(pull), events: .readable)
        let pipeIndex = poller.add(.fileDescriptor(ends[0]), events: .readable)
        #expect(try poller.poll(timeoutMs: 0) == 0)

        var byte: UInt8 = 1
        #expect(write(ends[1], &byte, 1) == 1)
        #expect(try poller.poll(timeoutMs: Int(patience)) == 1)
        #expect(poller.revents(pipeIndex) == .readable)
        #expect(poller.revents(socketIndex) == [])
    }

    @Test func pollerReportsWritableSockets() throws {
        let context = try Context()
        let pull = try context.boundedSocket(.pull)
        try pull.bind("inproc://writable")
        let push = try context.boundedSocket(.push)

        var poller = Poller()
        let index = poller.add(.socket(push), events: [.readable, .writable])
        #expect(try poller.poll(timeoutMs: 0) == 0)
        try push.connect("inproc://writable")
        #expect(try poller.poll(timeoutMs: Int(patience)) == 1)
        #expect(poller.revents(index) == .writable)
    }

    @Test func pollingAClosedSocketFailsWithENOTSOCK() throws {
        let context = try Context()
        let socket = try context.boundedSocket(.pull)
        var poller = Poller()
        _ = poller.add(.socket(socket), events: .readable)
        socket.close()

        let error = zmqError { _ = try poller.poll(timeoutMs: 0) }
        #expect(error?.code == ENOTSOCK)
    }

    @Test func eventsAndFileDescriptorReflectTheQueue() throws {
        let context = try Context()
        let pull = try context.boundedSocket(.pull)
        try pull.bind("inproc://events")
        let push = try context.boundedSocket(.push)
        #expect(try push.events == [])
        try push.connect("inproc://events")
        #expect(try push.events == .writable)
        #expect(try pull.fileDescriptor >= 0)

        #expect(try pull.events == [])
        try push.send(bytes("x"))
        #expect(try pull.events == .readable)
    }
}
