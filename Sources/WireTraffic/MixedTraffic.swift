import ElmanCore
import ElmanJSON
import ElmanProtocol

// WireTraffic: many JSON-RPC clients driving one worker at once, shared by the benchmark (`elman-bench wire`) and
// the worker's load test, so both send the same traffic and check the same replies: a checking client
// (`RPCClient`), one client's share of mixed traffic (`MixedTraffic`), and running clients on threads of their
// own (`onThreads`). It knows the worker only through its wire: ZeroMQ and the protocol's JSON.

/// One client's share of mixed traffic: ping, predict, train without and with `wait`, and `job.status` of the
/// client's own last job, in turn.
///
/// Every reply must be the request's own (ids are `c<client>-r<request>`, unique across clients) and say what its
/// method says: `pong`, a prediction for each input, a job for each train, the status of the job asked about.
/// The first reply that does not stops the run with a `Failure` naming it. A run of `requests` starts
/// `2 × requests / 5` jobs (rounded down per full cycle of five), each of 3 epochs at hidden size 2.
public struct MixedTraffic {
    /// A model to predict with.
    public let model: JSONValue
    /// This client's number, in the request ids and in its inputs, so that crossed replies show.
    public let client: Int

    public init(model: JSONValue, client: Int) {
        self.model = model
        self.client = client
    }

    /// Sends `requests` requests, one at a time; returns each one's round trip, in order.
    public func run(_ rpc: RPCClient, requests: Int) throws -> [Duration] {
        var latencies: [Duration] = []
        latencies.reserveCapacity(requests)
        // Set by the train two requests before every job.status.
        var lastJob: JSONValue = .null
        for request in 0..<requests {
            let id = JSONValue.string("c\(client)-r\(request)")
            let inputs: [JSONValue] = [.number(Double(client)), 0.5]
            let (method, params): (String, JSONObject)
            switch request % 5 {
            case 0: (method, params) = ("ping", [:])
            case 1: (method, params) = ("predict", ["model": model, "inputs": .array(inputs)])
            case 2: (method, params) = ("train", ["epochs": 3, "hidden_size": 2])
            case 3: (method, params) = ("train", ["epochs": 3, "hidden_size": 2, "wait": true])
            default: (method, params) = ("job.status", ["job": lastJob])
            }
            let start = ContinuousClock.now
            let result = try rpc.call(method, params, id: id)
            latencies.append(start.duration(to: .now))
            let wrong = { Failure("\(JSONWriter.string(id)): \(method) answered \(JSONWriter.string(result))") }
            switch method {
            case "ping" where result != ["pong": true]: throw wrong()
            case "predict" where result["predictions"]?.arrayValue?.count != inputs.count: throw wrong()
            case "train":
                guard let job = result["job"] else { throw wrong() }
                lastJob = job
            case "job.status" where result["job"] != lastJob: throw wrong()
            default: break
            }
        }
        return latencies
    }
}
