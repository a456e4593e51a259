#if canImport(Glibc)
import Glibc
#endif

/// Writing a file so that readers see the old content or the new, never part of it: the bytes go to a temporary
/// file beside the target, which is then renamed over it (rename is atomic within a folder).
///
/// The temporary file is created fresh (`O_EXCL | O_NOFOLLOW`, after removing any stale one), so a symbolic link
/// planted at its name cannot redirect the write. `durable` also fsyncs the file before the rename and the folder
/// after it, so the new content survives a crash of the machine, not only of the process.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String, temporary: String, mode: mode_t, durable: Bool) throws {
        unlink(temporary)
        do {
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            try FileFailure.check(fd, "open \(temporary)")
            defer { close(fd) }
            try writeAll(bytes, to: fd)
            if durable { try FileFailure.check(fsync(fd), "fsync") }
            try FileFailure.check(rename(temporary, path), "rename to \(path)")
        } catch {
            unlink(temporary)
            throw error
        }
        if durable { try syncFolder(of: path) }
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            try FileFailure.check(written < 0 ? -1 : 0, "write")
            offset += written
        }
    }

    private static func syncFolder(of path: String) throws {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let fd = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        try FileFailure.check(fd, "open folder")
        defer { close(fd) }
        try FileFailure.check(fsync(fd), "fsync folder")
    }
}

/// Why a file operation failed, in words for logs and `error.data.reason`.
struct FileFailure: Error, CustomStringConvertible {
    let reason: String
    init(_ reason: String) { self.reason = reason }
    var description: String { reason }

    /// Throws with `what` and errno's text when a system call returned a negative result.
    static func check(_ result: Int32, _ what: String) throws {
        if result < 0 { throw FileFailure("\(what) failed: \(String(cString: strerror(errno)))") }
    }
}
