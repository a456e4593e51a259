import Testing
import ZeroMQ

@Suite(.enabled(if: ZMQ.has("curve"), "libzmq built without CURVE"))
struct CurveTests {
    /// The 85 characters of the Z85 alphabet (ZeroMQ RFC 32).
    private let z85Alphabet = Set(
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#")

    @Test func keyPairsAreFortyZ85CharactersAndDistinct() throws {
        let first = try ZMQ.curveKeyPair()
        let second = try ZMQ.curveKeyPair()
        for key in [first.publicKey, first.secretKey, second.publicKey, second.secretKey] {
            #expect(key.count == 40)
            #expect(key.allSatisfy(z85Alphabet.contains))
        }
        #expect(first.publicKey != second.publicKey)
        #expect(first.secretKey != second.secretKey)
    }

    @Test func z85EncodesBinaryKeys() throws {
        #expect(try ZMQ.z85([UInt8](repeating: 0, count: 32)) == String(repeating: "0", count: 40))
        // Z85's own test vector (ZeroMQ RFC 32): 86 4F D2 6F B5 59 F7 5B → "HelloWorld".
        let hello: [UInt8] = [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B]
        #expect(try ZMQ.z85(Array(repeating: hello, count: 4).flatMap { $0 }) == String(repeating: "HelloWorld", count: 4))
        #expect(throws: ZMQError.self) { try ZMQ.z85([1, 2, 3]) }
    }

    @Test func publicKeyIsDerivedFromTheSecretKey() throws {
        for _ in 0..<3 {
            let pair = try ZMQ.curveKeyPair()
            #expect(try ZMQ.curvePublicKey(fromSecret: pair.secretKey) == pair.publicKey)
        }
    }

    @Test(arguments: ["", "short", String(repeating: "a", count: 80)])
    func keysOfTheWrongLengthAreEINVAL(key: String) throws {
        #expect(zmqError { _ = try ZMQ.curvePublicKey(fromSecret: key) }?.code == EINVAL)
        let context = try Context()
        let socket = try context.boundedSocket(.router)
        #expect(zmqError { try socket.setCurveServer(secretKey: key) }?.code == EINVAL)
    }

    /// A CURVE router bound to loopback and a dealer connected to it with `serverKey`.
    private func curvePair(
        _ context: Context, serverSecret: String, serverKey: String, timeoutMs: Int32
    ) throws -> (router: Socket, dealer: Socket) {
        let router = try context.boundedSocket(.router, timeoutMs: timeoutMs)
        try router.setCurveServer(secretKey: serverSecret)
        try router.bind("tcp://127.0.0.1:*")

        let client = try ZMQ.curveKeyPair()
        let dealer = try context.boundedSocket(.dealer, timeoutMs: timeoutMs)
        try dealer.setCurveClient(serverKey: serverKey, publicKey: client.publicKey, secretKey: client.secretKey)
        try dealer.connect(try router.lastEndpoint)
        return (router, dealer)
    }

    @Test func clientWithTheServerKeyIsServed() throws {
        let server = try ZMQ.curveKeyPair()
        let context = try Context()
        let (router, dealer) = try curvePair(
            context, serverSecret: server.secretKey, serverKey: server.publicKey, timeoutMs: patience)

        try dealer.send(bytes("hello"))
        let request = try #require(try router.receiveMultipart())
        #expect(request.count == 2)
        #expect(request.last == bytes("hello"))
        try router.send([request[0], bytes("welcome")])
        #expect(try dealer.receiveMultipart() == [bytes("welcome")])
    }

    @Test func clientWithAWrongServerKeyGetsNothing() throws {
        let server = try ZMQ.curveKeyPair()
        let impostor = try ZMQ.curveKeyPair()
        let context = try Context()
        let (router, dealer) = try curvePair(
            context, serverSecret: server.secretKey, serverKey: impostor.publicKey, timeoutMs: 300)

        try dealer.send(bytes("hello"))
        #expect(try router.receiveMultipart() == nil)
        #expect(try dealer.receiveMultipart() == nil)
    }
}
