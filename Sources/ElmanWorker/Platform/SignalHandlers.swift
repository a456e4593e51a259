import Synchronization

/// The fd that SIGINT and SIGTERM wake; a C signal handler can reach only globals. Atomic, because workers run on
/// different threads of one process (tests, embedders) install it concurrently; the last one installed wins.
private let wakingFD = Atomic<Int32>(-1)

/// SIGINT and SIGTERM ask the loop to shut down cleanly (by waking it through a pipe, the only thing done in
/// the handler); SIGPIPE is ignored so a vanished peer can never kill the process.
enum SignalHandlers {
    static func install(wakingFD fd: Int32) {
        wakingFD.store(fd, ordering: .sequentiallyConsistent)
        Platform.ignoreBrokenPipe()
        Platform.onStopSignals { _ in Wakeup.signal(wakingFD.load(ordering: .sequentiallyConsistent)) }
    }

    /// Forgets `fd` if it is the one installed, so that a signal after its worker has gone cannot write to a
    /// descriptor number reused by something else.
    static func uninstall(wakingFD fd: Int32) {
        _ = wakingFD.compareExchange(expected: fd, desired: -1, ordering: .sequentiallyConsistent)
    }
}
