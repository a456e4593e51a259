import ElmanJSON
import ElmanProtocol

/// A `predict`, `generate`, `evaluate` or `gradient_flow` computed on an inference thread (`Jobs.inference`): the
/// validated request's computation, whose answer (or -32602/-32603 error) goes back to the socket loop as
/// `.inferred` under `job`, its ticket (`i1`, `i2`, …).
struct InferenceWork: QueuedWork {
    let job: String
    let compute: @Sendable () throws -> JSONValue

    func run(reportingTo mailbox: Mailbox) {
        let outcome: Result<JSONValue, RPCError>
        do {
            outcome = .success(try compute())
        } catch let error as RPCError {
            outcome = .failure(error)
        } catch {
            outcome = .failure(.internalError("\(error)"))
        }
        mailbox.post(.inferred(ticket: job, outcome: outcome))
    }
}
