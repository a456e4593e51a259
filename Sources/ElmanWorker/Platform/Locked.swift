import Foundation

/// A value shared between threads, read and changed only under a lock.
///
/// The lock is an `NSLock` (a pthread mutex on Linux) rather than `Synchronization.Mutex`: the thread sanitizer
/// intercepts pthread mutexes, but on Linux it does not see `Mutex` (a futex) as a lock and reports every access
/// under it as a race, which would drown real ones.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    /// Runs `body` with the value while holding the lock; no other thread sees or changes it meanwhile.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
