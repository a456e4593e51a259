import CZeroMQ

/// The messaging pattern of a socket, fixed when it is created.
///
/// Request/reply: `req` sends then receives in strict turns, `rep` receives then sends; `dealer` and `router`
/// are their asynchronous forms (a router prefixes each incoming message with the sender's routing id frame
/// and routes outgoing messages by that first frame). Publish/subscribe: `pub` fans out, `sub` receives what
/// matches its subscriptions.
public enum SocketType: Sendable {
    case pub, sub, req, rep, dealer, router

    /// The `ZMQ_*` constant that `zmq_socket` takes.
    var rawValue: Int32 {
        switch self {
        case .pub: ZMQ_PUB
        case .sub: ZMQ_SUB
        case .req: ZMQ_REQ
        case .rep: ZMQ_REP
        case .dealer: ZMQ_DEALER
        case .router: ZMQ_ROUTER
        }
    }
}
