import ElmanCore

extension Failure {
    /// Throws "`what` failed: <errno's text>" when a system call returned a negative result; the text comes from
    /// `Platform.lastError`, so call this right after the call, before anything else can change errno.
    static func check(_ result: Int32, _ what: String) throws {
        if result < 0 { throw Failure("\(what) failed: \(Platform.describe(Platform.lastError))") }
    }
}
