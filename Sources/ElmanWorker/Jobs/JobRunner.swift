import Foundation

/// A fixed set of training threads (as many as `training_threads`) taking jobs in submission order.
///
/// Invariants: at most `threads` jobs train at once; a job is either in `queue`, being trained, or finished (and
/// then reported through the mailbox exactly once). `removeQueued` takes a job out before it starts, so cancelling
/// a queued job never waits for a free thread.
final class JobRunner: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [TrainingWork] = []
    private var stopping = false
    private var workers: [Thread] = []
    private let mailbox: Mailbox

    init(threads: Int, mailbox: Mailbox) {
        self.mailbox = mailbox
        workers = (0..<threads).map { index in
            // Each thread holds the runner until `stop()` lets it return.
            let thread = Thread { self.serve() }
            thread.name = "elman-train-\(index)"
            thread.stackSize = 1 << 20
            return thread
        }
        workers.forEach { $0.start() }
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

    /// Lets the threads finish the job in hand and exit; queued jobs must have been removed by the caller.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func serve() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty {
                condition.unlock()
                return
            }
            let work = queue.removeFirst()
            condition.unlock()
            work.run(reportingTo: mailbox)
        }
    }
}
