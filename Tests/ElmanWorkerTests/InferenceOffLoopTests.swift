import ElmanJSON
import ElmanProtocol
import Foundation
import Testing
import ZeroMQ

@testable import ElmanWorker

/// Large inference runs on the inference threads (`Worker.infer`): the socket loop answers other requests, from the
/// same client and from others, while a 10⁶-point `predict` is computed.
@Suite struct InferenceOffLoopTests {
    @Test func pingsAreAnsweredWhileALargePredictRuns() throws {
        let running = try RunningWorker()
        let client = try running.client(), other = try running.client()
        try client.socket.setReceiveTimeout(600_000)
        // Hidden size 8: seconds in a debug build (`swift test`), tens of milliseconds in a release build.
        let model = try client.result("train", ["epochs": 0, "hidden_size": 8, "wait": true])["model"]!
        let predict: JSONObject = ["model": model, "data": ["sine": ["start": 0, "stop": 1000, "points": 1_000_000]]]
        let started = ContinuousClock.now
        try client.send(.object(["jsonrpc": "2.0", "id": "predict", "method": "predict", "params": .object(predict)]))
        try client.send(.object(["jsonrpc": "2.0", "id": "ping", "method": "ping"]))
        // One connection delivers in order: the loop read the predict first, yet answers the ping first.
        let first = try #require(try client.receive())
        #expect(first["id"] == "ping" && first["result"] == ["pong": true])
        let pinged = ContinuousClock.now
        #expect(try other.result("ping") == ["pong": true])
        let pingTime = pinged.duration(to: .now)
        #expect(try client.socket.receiveMultipart(dontWait: true) == nil, "the predict ended before the ping")
        let reply = try #require(try client.receive())
        #expect(reply["id"] == "predict" && reply["result"]?["predictions"]?.arrayValue?.count == 999_999)
        print("another client's ping took \(pingTime) while a predict of 10⁶ points at hidden 8 ran; the predict "
            + "took \(started.duration(to: .now))")
        try running.stop()
    }

    @Test func largeInferenceAnswersAsTheLoopWouldHave() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let model = try client.result("train", ["epochs": 0, "hidden_size": 32, "wait": true])["model"]!
        // 2,000 steps × 33·32 multiply-adds: past `inlineInferenceWork`, so each goes to an inference thread.
        let data: JSONValue = ["sine": ["start": 0, "stop": 100, "points": 2000]]
        let batch: JSONValue = .array([
            ["jsonrpc": "2.0", "id": 1, "method": "predict", "params": ["model": model, "data": data]],
            ["jsonrpc": "2.0", "id": 2, "method": "generate",
             "params": ["model": model, "prime": [0.5], "steps": 2000]],
            ["jsonrpc": "2.0", "id": 3, "method": "evaluate", "params": ["model": model, "data": data, "horizon": 1]],
            ["jsonrpc": "2.0", "id": 4, "method": "gradient_flow", "params": ["model": model, "data": data]],
            ["jsonrpc": "2.0", "id": 5, "method": "predict", "params": ["model": model, "data": data,
                                                                       "return": ["cell"]]],
            ["jsonrpc": "2.0", "id": 6, "method": "ping"],
        ])
        try client.send(batch)
        let replies = try #require(try client.receive()?.arrayValue)
        #expect(replies.map { $0["id"] } == [1, 2, 3, 4, 5, 6])
        #expect(replies[0]["result"]?["predictions"]?.arrayValue?.count == 1999)
        #expect(replies[1]["result"]?["values"]?.arrayValue?.count == 2000)
        #expect(replies[2]["result"]?["one_step"] != nil)
        #expect(replies[3]["result"]?["norms"]?.arrayValue?.first?.arrayValue?.count == 1999)
        #expect(replies[4]["error"]?["code"] == -32602 && replies[4]["error"]?["data"]?["param"] == "return")
        // The same model deleted while a predict of it runs: the predict answers from the weights it was given.
        try client.send(.object(["jsonrpc": "2.0", "id": "p", "method": "predict",
                                 "params": ["model": model, "data": data]]))
        try client.send(.object(["jsonrpc": "2.0", "id": "d", "method": "model.delete", "params": ["model": model]]))
        let answers = [try #require(try client.receive()), try #require(try client.receive())]
        #expect(answers.map { $0["id"] } == ["d", "p"])
        #expect(answers[1]["result"]?["predictions"] == replies[0]["result"]?["predictions"])
        try running.stop()
    }

    @Test func aRequestAloneHasItsReplyWrittenOnTheInferenceThread() throws {
        let mailbox = Mailbox()
        let form = ResponseForm(id: 7, binary: true)
        let result: JSONValue = ["predictions": .tensor(FloatTensor([1, -2]))]
        InferenceWork(job: "i1", reply: form, compute: { result }).run(reportingTo: mailbox)
        InferenceWork(job: "i2", reply: nil, compute: { result }).run(reportingTo: mailbox)
        InferenceWork(job: "i3", reply: ResponseForm(id: 8, binary: false),
                      compute: { throw RPCError.invalidParams("model", "is gone") }).run(reportingTo: mailbox)
        let answers: [(String, InferenceAnswer)] = mailbox.drain().compactMap {
            guard case .inferred(let ticket, let answer) = $0 else { return nil }
            return (ticket, answer)
        }
        #expect(answers.map(\.0) == ["i1", "i2", "i3"])
        guard case .frames(let frames) = answers[0].1 else { Issue.record("i1: no frames"); return }
        #expect(try JSONParser.parse(frames[0]) == ["jsonrpc": "2.0", "id": 7, "result": [
            "predictions": ["$buffer": 0, "dtype": "<f4", "shape": [2]]]])
        #expect(frames.count == 2 && Frames.float32s(frames[1]) == [1, -2])
        guard case .outcome(.success(let value)) = answers[1].1 else { Issue.record("i2: no result"); return }
        #expect(value == result)
        guard case .frames(let error) = answers[2].1 else { Issue.record("i3: no frames"); return }
        let body = try JSONParser.parse(error[0])
        #expect(error.count == 1 && body["id"] == 8 && body["error"]?["code"] == -32602
            && body["error"]?["data"]?["param"] == "model")
    }

    @Test func aLargeInferenceAloneAnswersAsInABatch() throws {
        let running = try RunningWorker()
        let client = try running.client()
        let model = try client.result("train", ["epochs": 0, "hidden_size": 32, "wait": true])["model"]!
        let data: JSONValue = ["sine": ["start": 0, "stop": 100, "points": 2000]]
        let params: JSONValue = ["model": model, "data": data]
        try client.send(.array([["jsonrpc": "2.0", "id": 1, "method": "predict", "params": params], ["jsonrpc": "2.0",
                                 "id": 2, "method": "ping"]]))
        let inBatch = try #require(try client.receive()?.arrayValue?.first?["result"]?["predictions"])
        #expect(try client.result("predict", params.objectValue!)["predictions"] == inBatch)
        var binary = params.objectValue!
        binary["binary"] = true
        let frames = try client.exchange("predict", binary)
        #expect(frames.count == 2 && Frames.float32s(frames[1]) == inBatch.floats)
        try running.stop()
    }
}
