import ElmanJSON
import ElmanProtocol

/// A `predict`, `generate`, `evaluate` or `gradient_flow` computed on an inference thread (`Jobs.inference`): the
/// validated request's computation, whose answer (or -32602/-32603 error) goes back to the socket loop as
/// `.inferred` under `job`, its ticket (`i1`, `i2`, …). For a request alone in its message (`reply` set) the
/// thread also writes the reply's frames, so the loop only sends bytes: writing 10⁶ numbers as JSON text takes
/// hundreds of milliseconds, during which the loop would answer nobody.
struct InferenceWork: QueuedWork {
    let job: String
    /// How to write the whole reply; nil for a batch's element, whose slot the loop fills.
    let reply: ResponseForm?
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
        let answer = reply.map { InferenceAnswer.frames(ReplyFrames.encode([$0.response(outcome)], isBatch: false)) }
        mailbox.post(.inferred(ticket: job, answer: answer ?? .outcome(outcome)))
    }
}

/// What an inference thread hands the loop.
enum InferenceAnswer: Sendable {
    /// The whole reply after its envelope (body, then buffers), ready to send.
    case frames([[UInt8]])
    /// The result or error, for the loop to put in its slot of a batch's reply.
    case outcome(Result<JSONValue, RPCError>)
}
