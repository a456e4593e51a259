import CZeroMQ

/// Facts about the libzmq this module is linked with, and library-wide helpers.
public enum ZMQ {
    /// Whether the linked libzmq was built with `capability`, as `zmq_has` answers:
    /// transports (`"ipc"`, `"pgm"`, `"tipc"`, `"norm"`), security (`"curve"`, `"gssapi"`) or `"draft"`.
    public static func has(_ capability: String) -> Bool {
        zmq_has(capability) == 1
    }
}
