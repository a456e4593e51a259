import ElmanCore

/// Reading a whole small file: a saved model, or a process's /proc entry.
enum FileContents {
    /// The file's bytes, or nil when it does not exist. A symbolic link is refused (`Platform.openForReading`), and
    /// so is a file longer than `maxBytes`.
    static func read(_ path: String, maxBytes: Int) throws -> [UInt8]? {
        let fd = Platform.openForReading(path)
        if fd < 0 && Platform.lastError == Platform.noSuchFile { return nil }
        try Failure.check(fd, "open")
        defer { Platform.closeFile(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Platform.readSome(fd, into: $0) }
            if count < 0 && Platform.lastError == Platform.interrupted { continue }
            try Failure.check(count < 0 ? -1 : 0, "read")
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
            if bytes.count > maxBytes { throw Failure("file larger than \(maxBytes) bytes") }
        }
    }
}
