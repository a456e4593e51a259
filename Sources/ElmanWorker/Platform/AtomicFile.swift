import ElmanCore

/// Writing a file so that readers see the old content or the new, never part of it: the bytes go to a temporary
/// file beside the target, which is then renamed over it (rename is atomic within a folder).
///
/// The temporary file is created fresh (`O_EXCL | O_NOFOLLOW`, after removing any stale one), so a symbolic link
/// planted at its name cannot redirect the write. `durable` also fsyncs the file before the rename and the folder
/// after it, so the new content survives a crash of the machine, not only of the process.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String, temporary: String, mode: UInt32, durable: Bool) throws {
        _ = Platform.removeFile(temporary)
        do {
            let fd = Platform.createExclusively(temporary, mode: mode)
            try Failure.check(fd, "open \(temporary)")
            defer { Platform.closeFile(fd) }
            try writeAll(bytes, to: fd)
            if durable { try Failure.check(Platform.sync(fd), "fsync") }
            try Failure.check(Platform.moveFile(temporary, to: path), "rename to \(path)")
        } catch {
            _ = Platform.removeFile(temporary)
            throw error
        }
        if durable { try syncFolder(of: path) }
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Platform.writeSome(fd, from: UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            if written < 0 && Platform.lastError == Platform.interrupted { continue }
            try Failure.check(written < 0 ? -1 : 0, "write")
            offset += written
        }
    }

    private static func syncFolder(of path: String) throws {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let fd = Platform.openFolder(folder.isEmpty ? "/" : folder)
        try Failure.check(fd, "open folder")
        defer { Platform.closeFile(fd) }
        try Failure.check(Platform.sync(fd), "fsync folder")
    }
}

