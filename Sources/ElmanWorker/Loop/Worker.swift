import ElmanCore
import ElmanJSON
import ElmanProtocol
import Logging
import ZeroMQ

// Loop/: the socket loop — the `Worker` and its ZeroMQ sockets, the method table (`Worker+Methods`), what the loop
// says about jobs (`Worker+Jobs`) and the assembly of replies (`PendingReply`). It may use every other folder:
// Config/ (how it is set up), Jobs/, Models/ and Platform/; none of them uses it.

/// The worker: one socket loop that owns every ZeroMQ socket and all state (models, jobs, waiting requests), and
/// a few training threads that never touch a socket.
///
/// The loop polls the ROUTER socket (requests), the mailbox's wake-up pipe (training threads reporting progress
/// and ends), the signal wake-up pipe (SIGINT/SIGTERM) and, when encrypting, the ZAP handler (CURVE handshakes). It never waits on work: requests that need a job's
/// end are parked as `Waiter`s and answered when the mailbox says the job ended, or at their deadline.
public final class Worker {
    let configuration: WorkerConfiguration
    var logger: Logger
    var limits: Limits { configuration.limits }

    private let context: Context
    private let router: Socket
    private let publisher: Socket?
    private let signals = Wakeup()
    let store: ModelStore?

    var jobs: Jobs
    var models: ModelRegistry
    var waiters: [Waiter] = []
    /// The peers of `train` requests with `notify`, by job id, until their job ends: each also gets the job's
    /// notifications on its own connection (its envelope) before its reply.
    var followers: [String: [[UInt8]]] = [:]
    /// The requests being computed on the inference threads, by ticket, until their answer comes (`infer`).
    var inferring = NumberedTable<(ticket: String, responder: Responder)>(prefix: "i")
    private(set) var stopping = false

    /// The bound endpoints, with the real port when a wildcard port was asked for.
    public let endpoint: String
    public let eventsEndpoint: String?
    /// The CURVE keys when the worker encrypts; `curve.client` is the pair its connection file hands to clients.
    let curve: CurveKeys?
    private let zap: ZAPHandler?
    /// The server's CURVE public key when the worker encrypts.
    public var serverKey: String? { curve?.server.publicKey }

    public init(configuration: WorkerConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        let endpoints = [configuration.endpoint] + (configuration.events.map { [$0] } ?? [])
        let exposed = endpoints.filter { !EndpointPolicy.isLocal($0) }
        if !exposed.isEmpty && !configuration.encrypted && !configuration.insecure {
            throw Failure(
                "refusing to bind \(exposed.joined(separator: ", ")) without encryption: use --curve, or --insecure "
                    + "if you really want anyone who can reach this address to drive the worker")
        }
        curve = configuration.encrypted
            ? try CurveKeys(serverSecretKey: configuration.curveSecretKey, extraClients: configuration.curveClientKeys)
            : nil
        let keys = curve?.server

        let context = try Context()
        self.context = context
        zap = try curve.map { try ZAPHandler(context: context, allowed: $0.allowedClients) }
        router = try context.socket(.router)
        try router.setLinger(1000)
        try router.setMaxMessageSize(Int64(configuration.limits.maxMessageBytes))
        try router.setSendHighWaterMark(100_000)
        try router.setReceiveHighWaterMark(100_000)
        try Self.encrypt(router, with: keys)
        try router.bind(configuration.endpoint)
        endpoint = try router.lastEndpoint

        if let events = configuration.events {
            let socket = try context.socket(.pub)
            try socket.setLinger(0)
            try socket.setSendHighWaterMark(100_000)
            try Self.encrypt(socket, with: keys)
            try socket.bind(events)
            publisher = socket
            eventsEndpoint = try socket.lastEndpoint
        } else {
            publisher = nil
            eventsEndpoint = nil
        }
        if !exposed.isEmpty && !configuration.encrypted {
            let addresses = exposed.joined(separator: ", ")
            logger.warning("INSECURE: \(addresses) is reachable by others and not encrypted; anyone who can connect can train, read and delete models")
        }

        store = configuration.modelsDirectory.map { ModelStore(directory: $0, limits: configuration.limits) }
        jobs = Jobs(limits: configuration.limits)
        models = ModelRegistry(capacity: configuration.limits.maxModels)

        if let file = configuration.connectionFile {
            try ConnectionFile.write(to: file, endpoint: endpoint, events: eventsEndpoint,
                                     models: configuration.modelsDirectory, curve: curve)
        }
        logger.info("listening on \(endpoint)", metadata: ["events": "\(eventsEndpoint ?? "none")"])
    }

    /// A worker that never ran (or whose `init` failed after starting them) still lets its training threads go.
    deinit { jobs.stop() }

    /// Makes `socket` a CURVE server whose peers the ZAP handler vets; nothing without keys. Call before binding.
    private static func encrypt(_ socket: Socket, with keys: (publicKey: String, secretKey: String)?) throws {
        guard let keys else { return }
        try socket.setCurveServer(secretKey: keys.secretKey)
        try socket.setZAPDomain(ZAPHandler.domain)
    }

    /// Serves until `shutdown`, SIGINT or SIGTERM, then lets running jobs end cancelled and returns.
    public func run() throws {
        SignalHandlers.install(wakingFD: signals.signalFD)
        var poller = Poller()
        let requests = poller.add(.socket(router), events: .readable)
        let events = poller.add(.fileDescriptor(jobs.mailbox.wakeup.fileDescriptor), events: .readable)
        let signalled = poller.add(.fileDescriptor(signals.fileDescriptor), events: .readable)
        let handshakes = zap.map { poller.add(.socket($0.socket), events: .readable) }
        while !(stopping && jobs.activeCount == 0 && inferring.count == 0) {
            guard try pollOnce(&poller) else { continue }
            if poller.revents(signalled).contains(.readable) {
                signals.drain()
                beginShutdown(reason: "signal")
            }
            if let zap, let handshakes, poller.revents(handshakes).contains(.readable) {
                for key in try zap.answerPending() { logger.warning("refused a CURVE client: \(key)") }
            }
            if poller.revents(events).contains(.readable) {
                jobs.mailbox.drain().forEach(receive)
            }
            if poller.revents(requests).contains(.readable) {
                try serveRequests()
            }
            expireWaiters()
            if let parent = configuration.parentPID, !ProcessWatch.isAlive(parent) {
                beginShutdown(reason: "parent process \(parent) is gone")
            }
        }
        SignalHandlers.uninstall(wakingFD: signals.signalFD)
        jobs.stop()
        router.close()
        publisher?.close()
        zap?.socket.close()
        logger.info("stopped")
    }

    /// Polls until something is ready or the next deadline; false when a signal interrupted the wait.
    private func pollOnce(_ poller: inout Poller) throws -> Bool {
        do {
            _ = try poller.poll(timeoutMs: pollTimeoutMs())
            return true
        } catch {
            if error.isInterrupted { return false }
            throw error
        }
    }

    /// Reads the requests waiting on the socket, a bounded number at a time so the mailbox is not starved.
    private func serveRequests() throws {
        for _ in 0..<256 {
            guard let frames = try router.receiveMultipart(dontWait: true) else { return }
            serve(frames)
        }
    }

    /// One message: ROUTER's identity frame, an empty delimiter if the peer is a REQ, the body frame, then the
    /// message's buffers (PROTOCOL.md, "Binary frames"), which the body's placeholders stand for.
    private func serve(_ frames: [[UInt8]]) {
        guard frames.count >= 2 else { return }
        var envelope = [frames[0]]
        var body = frames.dropFirst()
        if body.count >= 2, body.first!.isEmpty {
            envelope.append([])
            body = body.dropFirst()
        }
        let buffers = Array(body.dropFirst())
        switch RPCDecoder.decode(body.first!, buffers: buffers, limits: limits) {
        case .rejected(let error): send(envelope, RPCMessage.failure(id: .null, error: error))
        case .single(let call): answer([call], envelope: envelope, isBatch: false, hadBuffers: !buffers.isEmpty)
        case .batch(let calls): answer(calls, envelope: envelope, isBatch: true, hadBuffers: !buffers.isEmpty)
        }
    }

    /// Runs the calls of one message; each answer travels with buffers when its call asks (`binary`) or, unless
    /// it says `"binary": false`, when the message brought buffers.
    private func answer(_ calls: [RPCCall], envelope: [[UInt8]], isBatch: Bool, hadBuffers: Bool) {
        let reply = PendingReply(envelope: envelope, slots: calls.filter(\.wantsReply).count, isBatch: isBatch)
        var slot = 0
        for call in calls {
            var responder: Responder?
            if call.wantsReply {
                let form = ResponseForm(id: call.id ?? .null, binary: call.binary ?? hadBuffers)
                responder = Responder(reply: reply, slot: slot, form: form)
                slot += 1
            }
            execute(call, responder)
        }
    }

    private func execute(_ call: RPCCall, _ responder: Responder?) {
        switch call.outcome {
        case .failure(let error):
            respond(responder, .failure(error))
        case .success(let (method, params)):
            do {
                if let result = try handle(method, params, responder) { respond(responder, .success(result)) }
            } catch let error as RPCError {
                respond(responder, .failure(error))
            } catch {
                logger.error("internal error in \(method.rawValue): \(error)")
                respond(responder, .failure(.internalError("\(error)")))
            }
        }
    }

    /// Fills the responder's slot; sends the reply when it is complete.
    func respond(_ responder: Responder?, _ outcome: Result<JSONValue, RPCError>) {
        guard let responder else { return }
        let response = responder.form.response(outcome)
        if let frames = responder.reply.fill(responder.slot, with: response) { send(responder.reply.envelope, frames) }
    }

    /// Sends without blocking: a peer that is gone or not reading loses its reply, the worker does not stall.
    private func send(_ envelope: [[UInt8]], _ message: JSONValue) {
        send(envelope, [JSONWriter.write(message)])
    }

    /// Sends the body and buffers after the envelope.
    func send(_ envelope: [[UInt8]], _ frames: [[UInt8]]) {
        do {
            try router.send(envelope + frames, dontWait: true)
        } catch {
            logger.debug("reply dropped: \(error)")
        }
    }

    /// Publishes a job's notification on the PUB socket under the job's id, and sends the same bytes to the job's
    /// follower.
    func publish(_ notification: JobNotification) {
        let body = JSONWriter.write(notification.message)
        if let publisher { try? publisher.send([Array(notification.job.utf8), body], dontWait: true) }
        if let follower = followers[notification.job] { send(follower, [body]) }
    }

    /// Sends a job's notification to one peer on its request connection, without blocking (as `send`).
    func tell(_ envelope: [[UInt8]], _ notification: JobNotification) {
        send(envelope, notification.message)
    }

    /// Stops taking new work and cancels every job; `run` returns once they have all ended.
    func beginShutdown(reason: String) {
        guard !stopping else { return }
        stopping = true
        logger.info("shutting down (\(reason)); cancelling \(jobs.activeCount) job(s)")
        for job in jobs.active { cancel(job) }
    }

    /// Until the next waiter's deadline; at most `ProcessWatch.intervalMs` while a parent process is watched.
    private func pollTimeoutMs() -> Int {
        let watch = configuration.parentPID == nil ? -1 : ProcessWatch.intervalMs
        guard let next = waiters.compactMap(\.deadline).min() else { return watch }
        let left = ContinuousClock.now.duration(to: next)
        let untilDeadline = max(0, Int((left / .milliseconds(1)).rounded(.up)))
        return watch < 0 ? untilDeadline : min(untilDeadline, watch)
    }
}

