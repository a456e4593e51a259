import ElmanProtocol
import Testing
import ZeroMQ

@testable import ElmanWorker

/// CURVE: the server's public key is not enough; a client also needs an allowed key pair of its own.
@Suite struct CurveKeyTests {
    /// A DEALER that is a CURVE client with the given keys.
    private func client(_ running: RunningWorker, serverKey: String, keys: (publicKey: String, secretKey: String),
                        timeoutMs: Int32 = 10_000) throws -> TestClient {
        let socket = try running.context.socket(.dealer)
        try socket.setCurveClient(serverKey: serverKey, publicKey: keys.publicKey, secretKey: keys.secretKey)
        try socket.setLinger(0)
        try socket.setReceiveTimeout(timeoutMs)
        try socket.connect(running.worker.endpoint)
        return TestClient(socket: socket)
    }

    @Test func aGivenSecretKeyFixesThePublicKeyAndOnlyAllowedClientsAreServed() throws {
        let server = try ZMQ.curveKeyPair()
        let listed = try ZMQ.curveKeyPair()
        let running = try RunningWorker {
            $0.curveSecretKey = server.secretKey
            $0.curveClientKeys = [listed.publicKey]
        }
        #expect(running.worker.serverKey == server.publicKey)
        let issued = try #require(running.worker.curve?.client)
        #expect(try client(running, serverKey: server.publicKey, keys: issued).result("ping") == ["pong": true])
        #expect(try client(running, serverKey: server.publicKey, keys: listed).result("ping") == ["pong": true])

        let unlisted = try client(running, serverKey: server.publicKey, keys: try ZMQ.curveKeyPair(), timeoutMs: 300)
        try unlisted.send(["jsonrpc": "2.0", "id": 1, "method": "ping"])
        #expect(try unlisted.receive() == nil, "a client key that is not allowed gets nothing")
        let plain = try running.client()
        try plain.socket.setReceiveTimeout(300)
        try plain.send(["jsonrpc": "2.0", "id": 1, "method": "ping"])
        #expect(try plain.receive() == nil, "a peer without CURVE gets nothing")

        _ = try client(running, serverKey: server.publicKey, keys: issued).result("shutdown")
    }
}
