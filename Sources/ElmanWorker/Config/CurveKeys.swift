import ZeroMQ

/// The CURVE keys of an encrypting worker.
///
/// The server key pair encrypts (generated, or from the operator's secret key). The worker also makes a client key
/// pair and writes it, with the server's public key, into its 0600 connection file: that file is all a client needs.
/// The ZAP handler lets a client in only when its public key is allowed — that client key and any the operator
/// listed — so knowing the server's public key alone gets a peer nothing.
struct CurveKeys {
    let server: (publicKey: String, secretKey: String)
    let client: (publicKey: String, secretKey: String)
    let allowedClients: Set<String>

    init(serverSecretKey: String?, extraClients: [String]) throws {
        if let secret = serverSecretKey {
            server = (try ZMQ.curvePublicKey(fromSecret: secret), secret)
        } else {
            server = try ZMQ.curveKeyPair()
        }
        client = try ZMQ.curveKeyPair()
        allowedClients = Set(extraClients + [client.publicKey])
    }
}
