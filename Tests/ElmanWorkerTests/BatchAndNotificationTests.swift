import ElmanJSON
import ElmanProtocol
import Testing

@testable import ElmanWorker

/// JSON-RPC batches and notifications.
@Suite struct BatchAndNotificationTests {
    @Test func batchAnswersItsRequestsInOrderAndSkipsNotifications() throws {
        let running = try RunningWorker()
        let client = try running.client()
        try client.send([
            ["jsonrpc": "2.0", "id": "a", "method": "ping"],
            ["jsonrpc": "2.0", "method": "train", "params": ["epochs": 5]],
            ["jsonrpc": "2.0", "id": "b", "method": "nope"],
            42,
            ["jsonrpc": "2.0", "id": "c", "method": "train", "params": ["epochs": 5, "wait": true]],
        ])
        let replies = try #require(try client.receive()?.arrayValue)
        #expect(replies.count == 4)
        #expect(replies[0]["id"] == "a" && replies[0]["result"] == ["pong": true])
        #expect(replies[1]["id"] == "b" && replies[1]["error"]?["code"] == -32601)
        #expect(replies[2]["id"] == .null && replies[2]["error"]?["code"] == -32600)
        #expect(replies[3]["id"] == "c" && replies[3]["result"]?["state"] == "done")
        #expect(try client.result("job.wait", ["job": "j1"])["state"] == "done", "the notification's train ran")
        try running.stop()
    }

    @Test func notificationsGetNoReply() throws {
        let running = try RunningWorker()
        let client = try running.client()
        try client.send(["jsonrpc": "2.0", "method": "ping"])
        try client.send(["jsonrpc": "2.0", "method": "predict", "params": ["model": "m404"]])
        try client.send([["jsonrpc": "2.0", "method": "ping"]])
        #expect(try client.result("ping") == ["pong": true], "the next reply is the ping's, nothing came before it")
        try running.stop()
    }
}
