#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The errno values this module reports or recognises itself, from the one file of the module that imports the C
/// library (Glibc on Linux, Darwin on macOS); libzmq's own codes (`ETERM`, …) come from zmq.h.
enum POSIXError {
    static let again = EAGAIN
    static let interrupted = EINTR
    static let invalidArgument = EINVAL
    static let notSocket = ENOTSOCK
    static let protocolError = EPROTO
}
