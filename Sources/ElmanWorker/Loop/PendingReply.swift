import ElmanJSON
import ElmanProtocol

/// A reply being assembled for one request message: one slot per call that wants an answer, sent when the last
/// slot is filled. A single request has one slot; a batch one per answered element, in order. Slots are filled
/// now (most methods) or later (`train` with `wait`, `job.wait`), which is how a batch holding a waiting train is
/// answered when that job ends. Each slot's arrays travel as buffers or as JSON as its call asked (`ReplyFrames`).
final class PendingReply {
    let envelope: [[UInt8]]
    let isBatch: Bool
    private var slots: [ReplyFrames.Response?]
    private var missing: Int

    init(envelope: [[UInt8]], slots: Int, isBatch: Bool) {
        self.envelope = envelope
        self.isBatch = isBatch
        self.slots = Array(repeating: nil, count: slots)
        self.missing = slots
    }

    /// Fills a slot; returns the frames to send after the envelope (body, then buffers) once every slot is
    /// filled, nil while some are still missing.
    func fill(_ index: Int, with response: ReplyFrames.Response) -> [[UInt8]]? {
        precondition(slots[index] == nil, "a reply slot is filled once")
        slots[index] = response
        missing -= 1
        guard missing == 0 else { return nil }
        return ReplyFrames.encode(slots.map { $0! }, isBatch: isBatch)
    }

    /// Fills the one slot of a single request's reply with the frames already encoded from its response
    /// (`ReplyFrames.encode` of `ResponseForm.response`, done where the result was computed); returns them to send.
    func fill(encoded frames: [[UInt8]]) -> [[UInt8]] {
        precondition(!isBatch && missing == 1, "only a single request's reply is filled with encoded frames, once")
        missing = 0
        return frames
    }
}

/// How one call's response is written: the id it answers, and whether the arrays of its result travel as buffers.
/// Values only, so an inference thread can write a response as well as the loop.
struct ResponseForm: Sendable {
    let id: JSONValue
    let binary: Bool

    /// The response carrying `outcome`, its result or its error, under `id`.
    func response(_ outcome: Result<JSONValue, RPCError>) -> ReplyFrames.Response {
        switch outcome {
        case .success(let result): ReplyFrames.Response(RPCMessage.success(id: id, result: result), binary: binary)
        case .failure(let error): ReplyFrames.Response(RPCMessage.failure(id: id, error: error), binary: binary)
        }
    }
}

/// Where one call's response goes: a slot of a pending reply, and how it is written.
struct Responder {
    let reply: PendingReply
    let slot: Int
    let form: ResponseForm

    /// How to write the whole reply, when this call's response is all of it (a request alone in its message, not a
    /// batch's element): whoever computes the result may then encode the reply's frames itself (`fill(encoded:)`).
    var wholeReply: ResponseForm? { reply.isBatch ? nil : form }
}

/// A request waiting for a job to end (`train` with `wait`, `job.wait`), possibly until a deadline.
struct Waiter {
    let responder: Responder
    let job: String
    let deadline: ContinuousClock.Instant?
    let timeoutMs: Int
}
