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
        #expect(!error.isAgain && !error.isTerminated && !error.isInterrupted)
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

    @Test func unbindingAnUnboundEndpointIsENOENT() throws {
        let context = try Context()
        let socket = try context.boundedSocket(.rep)
        #expect(zmqError { try socket.unbind("tcp://127.0.0.1:1") }?.code == ENOENT)
        #expect(zmqError { try socket.disconnect("tcp://127.0.0.1:1") }?.code == ENOENT)
    }

    @Test func unbindReleasesThePort() throws {
        let context = try Context()
        let (first, endpoint) = try context.boundToLoopback(.pull)
        try first.unbind(endpoint)
        // The I/O thread closes the listener after unbind returns, so the port frees up shortly after.
        let second = try context.boundedSocket(.pull)
        var bound = false
        for _ in 0..<Int(patience / 10) where !bound {
            bound = zmqError { try second.bind(endpoint) } == nil
            if !bound { usleep(10_000) }
        }
        #expect(bound)
        #expect(try second.lastEndpoint == endpoint)
    }

    @Test func requestOutOfTurnIsEFSM() throws {
        let context = try Context()
        let req = try context.boundedSocket(.req)
        try req.connect("inproc://nobody-yet")
        #expect(zmqError { _ = try req.receiveMultipart() }?.code == EFSM)
    }

    @Test func closedSocketIsENOTSOCK() throws {
        let context = try Context()
        let socket = try context.boundedSocket(.pair)
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
        try socket.setHeartbeat(ivlMs: 1_000, timeoutMs: 3_000, ttlMs: 10_000)
        #expect(zmqError { try socket.setHeartbeat(ivlMs: 1_000, timeoutMs: 3_000, ttlMs: 7_000_000) }?.code == EINVAL)
        #expect(zmqError { try socket.setRoutingID([]) }?.code == EINVAL)
        #expect(zmqError { try socket.setSendHighWaterMark(-1) }?.code == EINVAL)
        #expect(zmqError { try socket.setReceiveHighWaterMark(-1) }?.code == EINVAL)
        try socket.setIPv6(true)
        try socket.setImmediate(true)
        try socket.setZAPDomain("elman")
    }
}
