import Foundation

/// A fixed set of training threads (as many as `training_threads`) taking jobs in submission order.
///
/// Invariants: at most `threads` jobs train at once; a job is either in `queue`, being trained, or finished (and
/// then reported through the mailbox exactly once). `removeQueued` takes a job out before it starts, so cancelling
/// a queued job never waits for a free thread.
///
/// Ownership: each thread holds the runner (and so the mailbox and its wake-up pipe) while it serves, and the runner
/// holds no thread, so there is no cycle: once `stop()` has returned every thread has left `serve()`, and the runner
/// is freed with the last `Thread` object, which Foundation releases when the thread exits.
final class JobRunner: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [TrainingWork] = []
    private var stopping = false
    /// Threads that have not yet returned from `serve()`.
    private var serving: Int
    private let mailbox: Mailbox

    init(threads: Int, mailbox: Mailbox) {
        self.mailbox = mailbox
        serving = threads
        for index in 0..<threads {
            let thread = Thread { self.serve() }
            thread.name = "elman-train-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    func submit(_ work: TrainingWork) {
        condition.lock()
        queue.append(work)
        condition.signal()
        condition.unlock()
    }

    /// Takes a job out of the queue if it has not started; true if it was there.
    func removeQueued(_ job: String) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard let index = queue.firstIndex(where: { $0.job == job }) else { return false }
        queue.remove(at: index)
        return true
    }

    /// Lets the threads finish the job in hand and returns once all of them have left `serve()`; queued jobs must
    /// have been removed by the caller. Idempotent.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while serving > 0 { condition.wait() }
        condition.unlock()
    }

    private func serve() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty {
                serving -= 1
                condition.broadcast()
                condition.unlock()
                return
            }
            let work = queue.removeFirst()
            condition.unlock()
            work.run(reportingTo: mailbox)
        }
    }
}
