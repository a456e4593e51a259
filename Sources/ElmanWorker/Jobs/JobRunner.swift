import Foundation

/// What the training threads run: a training job, or a part of a backtest or sweep job (several items may share a
/// job).
protocol QueuedWork: Sendable {
    var job: String { get }
    /// Does the work, reporting to the socket loop through `mailbox`.
    func run(reportingTo mailbox: Mailbox)
}

extension TrainingWork: QueuedWork {}

/// A fixed set of threads taking work in submission order: the training threads (as many as `training_threads`)
/// or the inference threads (as many again).
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
    private var queue: [any QueuedWork] = []
    private var stopping = false
    /// Threads that have not yet returned from `serve()`.
    private var serving: Int
    private let mailbox: Mailbox

    /// Starts `threads` threads named `name-0`, `name-1`, ….
    init(threads: Int, mailbox: Mailbox, name: String) {
        self.mailbox = mailbox
        serving = threads
        for index in 0..<threads {
            let thread = Thread { self.serve() }
            thread.name = "\(name)-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    func submit(_ work: any QueuedWork) {
        condition.lock()
        queue.append(work)
        condition.signal()
        condition.unlock()
    }

    /// Takes the work items of a job that have not started out of the queue; returns how many there were.
    func removeQueued(_ job: String) -> Int {
        condition.lock()
        defer { condition.unlock() }
        let before = queue.count
        queue.removeAll { $0.job == job }
        return before - queue.count
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
