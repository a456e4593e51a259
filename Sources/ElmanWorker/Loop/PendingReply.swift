import ElmanJSON
import ElmanProtocol

/// A reply being assembled for one request message: one slot per call that wants an answer, sent when the last
/// slot is filled. A single request has one slot; a batch one per answered element, in order. Slots are filled
/// now (most methods) or later (`train` with `wait`, `job.wait`), which is how a batch holding a waiting train is
/// answered when that job ends. Each slot's arrays travel as buffers or as JSON as its call asked (`ReplyFrames`).
final class PendingReply {
    let envelope: [[UInt8]]
    private let isBatch: Bool
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
}

/// Where one call's response goes: a slot of a pending reply, the id to answer with, and whether the arrays of
/// its result travel as buffers.
struct Responder {
    let reply: PendingReply
    let slot: Int
    let id: JSONValue
    let binary: Bool
}

/// A request waiting for a job to end (`train` with `wait`, `job.wait`), possibly until a deadline.
struct Waiter {
    let responder: Responder
    let job: String
    let deadline: ContinuousClock.Instant?
    let timeoutMs: Int
}
