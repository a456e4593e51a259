import Foundation

/// Runs `body(0)`, …, `body(count − 1)` each on a thread of its own, all at once, and returns once every one has
/// returned: their outcomes, in index order.
///
/// Values handed to the bodies (sockets, clients) change threads at thread creation, a full memory barrier.
public func onThreads<Value>(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Value) -> [Result<Value, Error>] {
    let outcomes = ThreadOutcomes<Value>(count: count)
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        Thread {
            outcomes.set(index, Result { try body(index) })
            group.leave()
        }.start()
    }
    group.wait()
    return outcomes.all
}

/// One outcome slot per thread, written under a lock by its thread and read once all have finished.
private final class ThreadOutcomes<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<Value, Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ outcome: Result<Value, Error>) {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = outcome
    }

    /// Every outcome; call only after every slot has been set.
    var all: [Result<Value, Error>] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
