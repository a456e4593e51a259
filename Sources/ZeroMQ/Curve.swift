import CZeroMQ

/// CURVE keys (Curve25519, as used by the CurveZMQ handshake) in their Z85 text form.
///
/// A key is 32 bytes; Z85 writes every 4 bytes as 5 printable characters, so a key is exactly
/// ``curveKeyLength`` = 40 characters. The functions fail with `ENOTSUP` when libzmq was built without CURVE
/// (see `ZMQ.has("curve")`).
extension ZMQ {
    /// The length of a Z85-encoded CURVE key: 32 bytes × 5/4.
    public static let curveKeyLength = 40

    /// A fresh random key pair from `zmq_curve_keypair`.
    ///
    /// - Returns: the public and secret key, each ``curveKeyLength`` Z85 characters.
    public static func curveKeyPair() throws(ZMQError) -> (publicKey: String, secretKey: String) {
        var publicKey = [CChar](repeating: 0, count: curveKeyLength + 1)
        var secretKey = [CChar](repeating: 0, count: curveKeyLength + 1)
        try ZMQError.check(zmq_curve_keypair(&publicKey, &secretKey))
        return (zString(publicKey), zString(secretKey))
    }

    /// The public key that belongs to a secret key (`zmq_curve_public`).
    ///
    /// - Throws: `EINVAL` when `secret` is not ``curveKeyLength`` Z85 characters.
    public static func curvePublicKey(fromSecret secret: String) throws(ZMQError) -> String {
        try validateCurveKey(secret, role: "secret")
        var publicKey = [CChar](repeating: 0, count: curveKeyLength + 1)
        try ZMQError.check(zmq_curve_public(&publicKey, secret))
        return zString(publicKey)
    }

    /// The Z85 text of a 32-byte binary key (`zmq_z85_encode`), as ZAP hands a client's key over in binary.
    ///
    /// - Throws: `EINVAL` when `key` is not 32 bytes.
    public static func z85(_ key: [UInt8]) throws(ZMQError) -> String {
        guard key.count == 32 else {
            throw ZMQError(code: POSIXError.invalidArgument, message: "a CURVE key is 32 bytes, got \(key.count)")
        }
        var text = [CChar](repeating: 0, count: curveKeyLength + 1)
        guard zmq_z85_encode(&text, key, key.count) != nil else { throw ZMQError.last() }
        return zString(text)
    }

    /// Rejects a key whose length is not ``curveKeyLength`` before it reaches libzmq, whose Z85 decoder
    /// writes 4 bytes per 5 characters into a 32-byte buffer and so must never see a longer string.
    ///
    /// - Throws: `EINVAL`, naming `role` ("server", "public", "secret") and the length found.
    static func validateCurveKey(_ key: String, role: String) throws(ZMQError) {
        let length = key.utf8.count
        guard length == curveKeyLength else {
            throw ZMQError(
                code: POSIXError.invalidArgument,
                message: "CURVE \(role) key must be \(curveKeyLength) Z85 characters, got \(length)")
        }
    }

    /// The text before the terminating NUL of a buffer libzmq filled.
    private static func zString(_ buffer: [CChar]) -> String {
        buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
