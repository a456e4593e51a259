import CZeroMQ

/// Facts about the libzmq this module is linked with, and library-wide helpers.
public enum ZMQ {
    /// The version of the linked libzmq, as `zmq_version` reports it at run time.
    public static var version: (major: Int, minor: Int, patch: Int) {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return (Int(major), Int(minor), Int(patch))
    }

    /// Whether the linked libzmq was built with `capability`, as `zmq_has` answers:
    /// transports (`"ipc"`, `"pgm"`, `"tipc"`, `"norm"`), security (`"curve"`, `"gssapi"`) or `"draft"`.
    public static func has(_ capability: String) -> Bool {
        zmq_has(capability) == 1
    }
}
