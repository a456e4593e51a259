import ElmanProtocol
import Testing
import ZeroMQ

@testable import ElmanWorker

/// CURVE with a secret key the operator keeps: the public key is the same on every start.
@Suite struct CurveKeyTests {
    @Test func aGivenSecretKeyFixesThePublicKeyAndKeyedClientsAreServed() throws {
        let keys = try ZMQ.curveKeyPair()
        let running = try RunningWorker { $0.curveSecretKey = keys.secretKey }
        #expect(running.worker.serverKey == keys.publicKey)
        let socket = try running.context.socket(.dealer)
        let mine = try ZMQ.curveKeyPair()
        try socket.setCurveClient(serverKey: keys.publicKey, publicKey: mine.publicKey, secretKey: mine.secretKey)
        try socket.setLinger(0)
        try socket.setReceiveTimeout(10_000)
        try socket.connect(running.worker.endpoint)
        #expect(try TestClient(socket: socket).result("ping") == ["pong": true])
        let stranger = try running.client()
        try stranger.socket.setReceiveTimeout(300)
        try stranger.send(["jsonrpc": "2.0", "id": 1, "method": "ping"])
        #expect(try stranger.receive() == nil, "a peer without the server key gets nothing")
        _ = try TestClient(socket: socket).result("shutdown")
    }
}
