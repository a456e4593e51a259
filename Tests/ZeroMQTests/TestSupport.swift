import ZeroMQ

/// The wait, in milliseconds, after which a socket in these tests gives up: long enough for loopback
/// delivery on a loaded machine, short enough that a broken test fails instead of hanging.
let patience: Int32 = 2_000

extension Context {
    /// A socket that never blocks for longer than `timeoutMs` and drops unsent messages on close.
    func boundedSocket(_ type: SocketType, timeoutMs: Int32 = patience) throws -> Socket {
        let socket = try socket(type)
        try socket.setLinger(0)
        try socket.setReceiveTimeout(timeoutMs)
        try socket.setSendTimeout(timeoutMs)
        return socket
    }

    /// A socket bound to a free loopback tcp port, and the endpoint it resolved to.
    func boundToLoopback(_ type: SocketType, timeoutMs: Int32 = patience) throws -> (Socket, String) {
        let socket = try boundedSocket(type, timeoutMs: timeoutMs)
        try socket.bind("tcp://127.0.0.1:*")
        return (socket, try socket.lastEndpoint)
    }
}

/// The UTF-8 bytes of `text`.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Runs `body` and returns the `ZMQError` it throws, or nil when it throws nothing.
func zmqError(_ body: () throws -> Void) -> ZMQError? {
    do {
        try body()
        return nil
    } catch {
        return error as? ZMQError
    }
}
