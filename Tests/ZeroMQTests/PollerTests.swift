import Testing
import ZeroMQ

@Suite struct PollerTests {
    @Test func pollerReportsOnlyTheReadySocket() throws {
        let context = try Context()
        let quiet = try context.boundedSocket(.dealer)
        try quiet.bind("inproc://quiet")
        let busy = try context.boundedSocket(.dealer)
        try busy.bind("inproc://busy")
        let sender = try context.boundedSocket(.dealer)
        try sender.connect("inproc://busy")

        var poller = Poller()
        let quietIndex = poller.add(.socket(quiet), events: .readable)
        let busyIndex = poller.add(.socket(busy), events: .readable)
        #expect(try poller.poll(timeoutMs: 0) == 0)

        try sender.send(bytes("wake"))
        #expect(try poller.poll(timeoutMs: Int(patience)) == 1)
        #expect(poller.revents(quietIndex) == [])
        #expect(poller.revents(busyIndex) == .readable)

        _ = try busy.receiveMultipart()
        #expect(try poller.poll(timeoutMs: 0) == 0)
        #expect(poller.revents(busyIndex) == [])
    }

    @Test func pollerWatchesAPipeBesideASocket() throws {
        let context = try Context()
        let receiver = try context.boundedSocket(.dealer)
        try receiver.bind("inproc://beside-pipe")
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { ends.forEach { _ = close($0) } }

        var poller = Poller()
        let socketIndex = poller.add(.socket(receiver), events: .readable)
        let pipeIndex = poller.add(.fileDescriptor(ends[0]), events: .readable)
        #expect(try poller.poll(timeoutMs: 0) == 0)

        var byte: UInt8 = 1
        #expect(write(ends[1], &byte, 1) == 1)
        #expect(try poller.poll(timeoutMs: Int(patience)) == 1)
        #expect(poller.revents(pipeIndex) == .readable)
        #expect(poller.revents(socketIndex) == [])
    }

    @Test func pollingAClosedSocketFailsWithENOTSOCK() throws {
        let context = try Context()
        let socket = try context.boundedSocket(.dealer)
        var poller = Poller()
        _ = poller.add(.socket(socket), events: .readable)
        socket.close()

        let error = zmqError { _ = try poller.poll(timeoutMs: 0) }
        #expect(error?.code == ENOTSOCK)
    }
}
