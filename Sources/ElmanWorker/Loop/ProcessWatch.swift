#if canImport(Glibc)
import Glibc
#endif

/// Whether another process still exists, checked by the loop at least every `intervalMs` (`--parent-pid`).
enum ProcessWatch {
    static let intervalMs = 500

    /// `kill(pid, 0)` sends nothing; it fails with ESRCH only when no such process exists (EPERM means it exists).
    static func isAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }
}
