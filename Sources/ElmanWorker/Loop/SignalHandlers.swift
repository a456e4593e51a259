#if canImport(Glibc)
import Glibc
#endif

/// The fd that SIGINT and SIGTERM wake; a C signal handler can reach only globals.
nonisolated(unsafe) private var wakingFD: Int32 = -1

/// SIGINT and SIGTERM ask the loop to shut down cleanly (by waking it through a pipe, the only thing done in
/// the handler); SIGPIPE is ignored so a vanished peer can never kill the process.
enum SignalHandlers {
    static func install(wakingFD fd: Int32) {
        wakingFD = fd
        signal(SIGPIPE, SIG_IGN)
        for number in [SIGINT, SIGTERM] {
            signal(number) { _ in Wakeup.signal(wakingFD) }
        }
    }
}
