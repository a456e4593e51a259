import Testing
import ZeroMQ

@Suite struct RequestReplyTests {
    @Test func reqRepRoundTripOverTCP() throws {
        let context = try Context()
        let (rep, endpoint) = try context.boundToLoopback(.rep)
        let req = try context.boundedSocket(.req)
        try req.connect(endpoint)

        try req.send(bytes("ping"))
        #expect(try rep.receiveMultipart() == [bytes("ping")])
        try rep.send([bytes("pong"), bytes("again")])
        #expect(try req.receiveMultipart() == [bytes("pong"), bytes("again")])
    }

    @Test func lastEndpointResolvesTheWildcardPort() throws {
        let context = try Context()
        let (_, endpoint) = try context.boundToLoopback(.router)
        let prefix = "tcp://127.0.0.1:"
        #expect(endpoint.hasPrefix(prefix))
        let port = try #require(Int(endpoint.dropFirst(prefix.count)))
        #expect((1...65_535).contains(port))
    }

    @Test func lastEndpointIsEmptyBeforeAnyBind() throws {
        let context = try Context()
        #expect(try context.boundedSocket(.dealer).lastEndpoint == "")
    }

    @Test func dealerRouterKeepsTheEnvelope() throws {
        let context = try Context()
        let (router, endpoint) = try context.boundToLoopback(.router)
        let dealer = try context.boundedSocket(.dealer)
        try dealer.connect(endpoint)

        let request = [[], bytes("{\"jsonrpc\":\"2.0\"}"), [0, 1, 2, 255]]
        try dealer.send(request)
        let received = try #require(try router.receiveMultipart())
        // The router puts the routing id it gave the dealer (libzmq's: 5 bytes, the first 0) before the request.
        #expect(received.count == 1 + request.count)
        #expect(received[0].count == 5 && received[0][0] == 0)
        #expect(Array(received.dropFirst()) == request)

        try router.send([received[0], [], bytes("reply")])
        #expect(try dealer.receiveMultipart() == [[], bytes("reply")])
    }

    @Test func largeFramesArriveIntact() throws {
        let context = try Context()
        let (receiver, endpoint) = try context.boundToLoopback(.dealer)
        let sender = try context.boundedSocket(.dealer)
        try sender.connect(endpoint)

        let frame = (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try sender.send([frame, [], frame.reversed()])
        #expect(try receiver.receiveMultipart() == [frame, [], frame.reversed()])
    }
}
