#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Platform/: the worker's plumbing over the operating system and libzmq — the C library's wrappers (this file),
// files written atomically and read whole (`AtomicFile`, `FileContents`; `Failure.check` turns errno into words),
// locks (`Locked`), wake-up pipes (`Wakeup`), stop signals (`SignalHandlers`), watching a parent process
// (`ProcessWatch`) and CURVE's ZAP handler (`ZAPHandler`). It uses no other folder of the module.

/// The C library, for the whole module: this is the one file that imports it (Glibc on Linux, Darwin on macOS),
/// so everything the worker asks of the operating system is listed here, as thin wrappers named for what they do.
///
/// Each wrapper returns what its C call returns: a descriptor or 0 on success, −1 with `lastError` set on failure.
/// Every descriptor is opened close-on-exec, so a process the worker's embedder starts inherits none.
enum Platform {
    // MARK: Errors

    /// `errno` of the last failing call on this thread; settable, so that a signal handler can put back the value
    /// it found (the interrupted code may be about to read it).
    static var lastError: Int32 {
        get { errno }
        set { errno = newValue }
    }
    static let interrupted = EINTR
    static let noSuchFile = ENOENT
    static let alreadyExists = EEXIST
    static let noSuchProcess = ESRCH

    /// The C library's words for an errno value.
    static func describe(_ code: Int32) -> String { String(cString: strerror(code)) }

    // MARK: Files

    /// Opens an existing file for reading, refusing a symbolic link as the last component.
    static func openForReading(_ path: String) -> Int32 { open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) }

    /// Creates `path` for writing; fails when anything, a symbolic link included, is already there.
    static func createExclusively(_ path: String, mode: UInt32) -> Int32 {
        open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(mode))
    }

    /// Opens a folder so that it can be fsynced.
    static func openFolder(_ path: String) -> Int32 { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }

    static func closeFile(_ fd: Int32) { _ = close(fd) }

    /// Reads at most `buffer.count` bytes; the count read, 0 at the end, −1 on failure.
    static func readSome(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        read(fd, buffer.baseAddress, buffer.count)
    }

    /// Writes at most `buffer.count` bytes; the count written, −1 on failure.
    static func writeSome(_ fd: Int32, from buffer: UnsafeRawBufferPointer) -> Int {
        write(fd, buffer.baseAddress, buffer.count)
    }

    static func sync(_ fd: Int32) -> Int32 { fsync(fd) }
    static func removeFile(_ path: String) -> Int32 { unlink(path) }
    static func moveFile(_ from: String, to: String) -> Int32 { rename(from, to) }
    static func makeFolder(_ path: String, mode: UInt32) -> Int32 { mkdir(path, mode_t(mode)) }

    /// Whether `path` is a folder, or a symbolic link to one.
    static func isFolder(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// The names in a folder (without "." and ".."), or nil when it cannot be opened.
    static func fileNames(in folder: String) -> [String]? {
        guard let handle = opendir(folder) else { return nil }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    // MARK: Pipes

    /// A pipe whose two ends are non-blocking and close-on-exec.
    static func makePipe() -> (read: Int32, write: Int32)? {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        return (ends[0], ends[1])
    }

    // MARK: Processes and signals

    static var processID: Int32 { getpid() }

    /// `kill(pid, 0)`: sends nothing, succeeds when the process exists (a zombie included) and may be signalled.
    static func probeProcess(_ pid: Int32) -> Int32 { kill(pid, 0) }

    /// A vanished peer's closed connection must not kill the process.
    static func ignoreBrokenPipe() { _ = signal(SIGPIPE, SIG_IGN) }

    /// Runs `handler` (which may do only async-signal-safe things) on SIGINT and SIGTERM.
    static func onStopSignals(_ handler: @convention(c) (Int32) -> Void) {
        for number in [SIGINT, SIGTERM] { _ = signal(number, handler) }
    }
}
