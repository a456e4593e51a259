import CZeroMQ

/// A failed libzmq call, as the errno value it left behind and the text libzmq gives for it.
///
/// Every throwing function of this module throws only `ZMQError`. The `code` is the `errno` of the failing call
/// as `zmq_errno()` reports it: either a POSIX value (`EAGAIN`, `EINVAL`, `EADDRINUSE`, …) or one of libzmq's
/// own codes above `ZMQ_HAUSNUMERO` (`ETERM`, `EFSM`, …). The `message` is `zmq_strerror(code)` unless the
/// wrapper rejected an argument before calling libzmq, in which case it says what was wrong.
///
/// The two properties name the outcomes a socket loop must handle rather than report:
/// `isAgain` (nothing to do now) and `isInterrupted` (a signal arrived; retry or stop).
public struct ZMQError: Error, Equatable, CustomStringConvertible {
    /// The errno value of the failing call.
    public let code: Int32
    /// Human-readable text for `code`.
    public let message: String

    /// An error with an explicit code and message.
    public init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    /// The error with `code` and libzmq's own text for it.
    public init(code: Int32) {
        self.init(code: code, message: String(cString: zmq_strerror(code)))
    }

    /// `EAGAIN`: a non-blocking call found nothing to do, or a send/receive timeout expired.
    public var isAgain: Bool { code == POSIXError.again }

    /// `EINTR`: the call was interrupted by a signal before anything happened.
    public var isInterrupted: Bool { code == POSIXError.interrupted }

    public var description: String { "ZeroMQ error \(code): \(message)" }

    /// The error of the libzmq call that has just failed on this thread.
    static func last() -> ZMQError { ZMQError(code: zmq_errno()) }

    /// Maps libzmq's return convention (−1 means failure, errno set) to a throw.
    ///
    /// - Returns: `result` unchanged when it is not −1.
    @discardableResult
    static func check(_ result: Int32) throws(ZMQError) -> Int32 {
        guard result != -1 else { throw last() }
        return result
    }
}
