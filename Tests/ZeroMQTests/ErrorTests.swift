import CZeroMQ
import Testing
import ZeroMQ

@Suite struct ErrorTests {
    /// The C library's own text for `code`, a reference independent of libzmq.
    private func systemMessage(_ code: Int32) -> String { String(cString: strerror(code)) }

    @Test func unknownTransportIsEPROTONOSUPPORT() throws {
        let context = try Context()
        let socket = try context.boundedSocket(.rep)
        let error = try #require(zmqError { try socket.bind("carrier-pigeon://loft") })
        #expect(error.code == EPROTONOSUPPORT)
        #expect(error.message == systemMessage(EPROTONOSUPPORT))
        #expect(error.description.contains(error.message))
        #expect(!error.isAgain && !error.isInterrupted)
    }

    @Test(arguments: ["tcp://127.0.0.1:port", "tcp://", "no-scheme"])
    func malformedEndpointIsEINVAL(endpoint: String) throws {
        let context = try Context()
        let socket = try context.boundedSocket(.dealer)
        #expect(zmqError { try socket.connect(endpoint) }?.code == EINVAL)
    }

    @Test func portInUseIsEADDRINUSE() throws {
        let context = try Context()
        let (first, endpoint) = try context.boundToLoopback(.router)
        let second = try context.boundedSocket(.router)
        let error = try #require(withExtendedLifetime(first) { zmqError { try second.bind(endpoint) } })
        #expect(error.code == EADDRINUSE)
        #expect(error.message == systemMessage(EADDRINUSE))
    }

    @Test func requestOutOfTurnIsEFSM() throws {
        let context = try Context()
        let req = try context.boundedSocket(.req)
        try req.connect("inproc://nobody-yet")
        #expect(zmqError { _ = try req.receiveMultipart() }?.code == EFSM)
    }

    @Test func closedSocketIsENOTSOCK() throws {
        let context = try Context()
        let socket = try context.boundedSocket(.dealer)
        socket.close()
        socket.close()
        let error = try #require(zmqError { try socket.send(bytes("x")) })
        #expect(error.code == ENOTSOCK)
        #expect(error.message == systemMessage(ENOTSOCK))
        #expect(zmqError { try socket.setLinger(0) }?.code == ENOTSOCK)
        #expect(zmqError { _ = try socket.lastEndpoint }?.code == ENOTSOCK)
    }

    @Test func optionsRejectOutOfRangeValues() throws {
        let context = try Context()
        let socket = try context.boundedSocket(.dealer)
        #expect(zmqError { try socket.setSendHighWaterMark(-1) }?.code == EINVAL)
        #expect(zmqError { try socket.setReceiveHighWaterMark(-1) }?.code == EINVAL)
        try socket.setZAPDomain("elman")
    }
}
