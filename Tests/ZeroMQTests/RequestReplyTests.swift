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
        #expect(try context.boundedSocket(.pair).lastEndpoint == "")
    }

    @Test func dealerRouterKeepsTheEnvelope() throws {
        let context = try Context()
        let (router, endpoint) = try context.boundToLoopback(.router)
        let dealer = try context.boundedSocket(.dealer)
        try dealer.setRoutingID(bytes("client-1"))
        try dealer.connect(endpoint)

        let request = [[], bytes("{\"jsonrpc\":\"2.0\"}"), [0, 1, 2, 255]]
        try dealer.send(request)
        let received = try #require(try router.receiveMultipart())
        #expect(received == [bytes("client-1")] + request)

        try router.send([bytes("client-1"), [], bytes("reply")])
        #expect(try dealer.receiveMultipart() == [[], bytes("reply")])
    }

    @Test func mandatoryRouterRejectsUnknownPeers() throws {
        let context = try Context()
        let router = try context.boundedSocket(.router)
        try router.setRouterMandatory(true)
        try router.bind("inproc://mandatory")

        let error = zmqError { try router.send([bytes("nobody"), bytes("hello")]) }
        #expect(error?.code == EHOSTUNREACH)
    }

    @Test func largeFramesArriveIntact() throws {
        let context = try Context()
        let (pull, endpoint) = try context.boundToLoopback(.pull)
        let push = try context.boundedSocket(.push)
        try push.connect(endpoint)

        let frame = (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try push.send([frame, [], frame.reversed()])
        #expect(try pull.receiveMultipart() == [frame, [], frame.reversed()])
    }
}
