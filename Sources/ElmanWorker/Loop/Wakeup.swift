#if canImport(Glibc)
import Glibc
#endif

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
        var ends: [Int32] = [-1, -1]
        precondition(pipe(&ends) == 0, "pipe failed: errno \(errno)")
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        fileDescriptor = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        close(fileDescriptor)
        close(writeEnd)
    }

    /// The fd to write to, for a C signal handler, which cannot capture Swift objects.
    var signalFD: Int32 { writeEnd }

    func signal() { Wakeup.signal(writeEnd) }

    static func signal(_ fd: Int32) {
        var byte: UInt8 = 1
        _ = write(fd, &byte, 1)
    }

    func drain() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(fileDescriptor, &buffer, buffer.count) > 0 {}
    }
}
