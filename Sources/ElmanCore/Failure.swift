/// A failure told in words, for what a program reports rather than handles case by case: a worker that cannot
/// start, a file operation that failed (with the system's reason), a benchmark that went wrong.
///
/// Errors that callers tell apart are enums with cases instead (`ElmanError` here, `RPCError` in the protocol).
/// This type lives in ElmanCore, the lowest module, so that every module above it (the worker, the benchmarks)
/// throws the same one.
public struct Failure: Error, CustomStringConvertible, Equatable, Sendable {
    public let description: String

    public init(_ description: String) { self.description = description }
}
