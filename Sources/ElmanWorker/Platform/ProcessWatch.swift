/// Whether another process is still running (`--parent-pid`), checked by the loop at least every `intervalMs`.
///
/// A process that has exited but has not been waited for by its own parent (a zombie) keeps its id, so
/// `kill(pid, 0)` succeeds on it. On Linux the state letter in /proc/PID/stat tells instead: `Z` (zombie) and `X`
/// (dead) mean gone, as does a missing file. Elsewhere (macOS) `kill(pid, 0)`, which fails with ESRCH only when no
/// such process exists (EPERM means it exists).
enum ProcessWatch {
    static let intervalMs = 500

    static func isAlive(_ pid: Int32) -> Bool {
        #if os(Linux)
        do {
            guard let stat = try FileContents.read("/proc/\(pid)/stat", maxBytes: 4096) else { return false }
            return isRunning(stat: stat)
        } catch {
            // /proc is there but unreadable (mounted with hidepid, say): ask kill instead.
        }
        #endif
        return Platform.probeProcess(pid) == 0 || Platform.lastError != Platform.noSuchProcess
    }

    /// Whether a /proc/PID/stat line (`pid (comm) state ppid …`) describes a process that has not exited. The
    /// command name `comm` may hold spaces and parentheses, so the state is the first field after the last `)`.
    static func isRunning(stat: [UInt8]) -> Bool {
        guard let close = stat.lastIndex(of: UInt8(ascii: ")")) else { return true }
        guard let state = stat[(close + 1)...].first(where: { $0 != UInt8(ascii: " ") }) else { return true }
        return state != UInt8(ascii: "Z") && state != UInt8(ascii: "X")
    }
}
