import Foundation
import Testing
import ZeroMQ

@Suite struct InterruptTests {
    @Test func signalInterruptsPollWithEINTR() throws {
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { ends.forEach { _ = close($0) } }
        var poller = Poller()
        _ = poller.add(.fileDescriptor(ends[0]), events: .readable)

        let previous = signal(SIGUSR1) { _ in }
        defer { signal(SIGUSR1, previous) }
        let polling = SignalablePoll(poller)
        // poll(2) is never restarted after a handler runs. Signal until the poll returns, in case the first
        // signal arrives before the wait begins; the pipe stays silent, so only a signal can end it early.
        repeat {
            pthread_kill(polling.thread, SIGUSR1)
        } while polling.finished.wait(timeout: .now() + .milliseconds(20)) == .timedOut
        polling.end()

        #expect(polling.error?.isInterrupted == true)
    }
}

/// One `poll` on a thread of its own with SIGUSR1 unblocked (the test runner's threads block signals).
///
/// The thread outlives every signal sent to it: it exits only after ``end()``, which the sender calls once it
/// has stopped signalling, and ``end()`` returns only when the thread has handled them all.
private final class SignalablePoll: @unchecked Sendable {
    /// Signalled when the poll has returned and ``error`` is set.
    let finished = DispatchSemaphore(value: 0)
    /// The polling thread; set before `init` returns.
    private(set) var thread = pthread_self()
    /// What the poll threw; read after ``finished``.
    private(set) var error: ZMQError?
    private let started = DispatchSemaphore(value: 0)
    private let released = DispatchSemaphore(value: 0)
    private let exiting = DispatchSemaphore(value: 0)

    init(_ poller: Poller) {
        Thread { [self] in
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, SIGUSR1)
            pthread_sigmask(SIG_UNBLOCK, &signals, nil)
            thread = pthread_self()
            started.signal()

            var poller = poller
            error = zmqError { _ = try poller.poll(timeoutMs: Int(patience)) }
            finished.signal()
            // Waking from this wait delivers any signal still pending for this thread.
            released.wait()
            exiting.signal()
        }.start()
        started.wait()
    }

    /// Lets the thread exit once every signal sent to it has been handled.
    func end() {
        released.signal()
        exiting.wait()
    }
}
