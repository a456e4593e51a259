/// A pipe whose read end the socket loop's poller watches: other threads (and signal handlers) write a byte to
/// wake the loop.
///
/// `signal()` is one `write` of one byte, which is async-signal-safe; `drain()` reads until the pipe is empty.
/// Both ends are non-blocking, so a full pipe (the loop is already due to wake) or an empty read never blocks.
final class Wakeup: @unchecked Sendable {
    /// The end the poller watches.
    let fileDescriptor: Int32
    private let writeEnd: Int32

    init() {
        guard let ends = Platform.makePipe() else { preconditionFailure("pipe failed: errno \(Platform.lastError)") }
        fileDescriptor = ends.read
        writeEnd = ends.write
    }

    deinit {
        Platform.closeFile(fileDescriptor)
        Platform.closeFile(writeEnd)
    }

    /// The fd to write to, for a C signal handler, which cannot capture Swift objects.
    var signalFD: Int32 { writeEnd }

    func signal() { Wakeup.signal(writeEnd) }

    /// Safe in a signal handler: one `write`, nothing for an uninstalled fd (−1), and `errno` left as it was found
    /// (a failing write — a full pipe — would otherwise change it under the interrupted code, which ThreadSanitizer
    /// reports as "signal handler spoils errno").
    static func signal(_ fd: Int32) {
        guard fd >= 0 else { return }
        let saved = Platform.lastError
        var byte: UInt8 = 1
        _ = withUnsafeBytes(of: &byte) { Platform.writeSome(fd, from: $0) }
        Platform.lastError = saved
    }

    func drain() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while buffer.withUnsafeMutableBytes({ Platform.readSome(fileDescriptor, into: $0) }) > 0 {}
    }
}
