import ElmanJSON
import ElmanProtocol
import Testing
import ZeroMQ

@testable import ElmanWorker

/// `job.progress` is published at most once per 50 ms per job (PROTOCOL.md, "Notifications"): a report epoch only
/// 50 ms after the job's start or its last published one, carrying the losses of those skipped; `job.finished`
/// always.
extension JobsTests {
    /// The notifications of `job` until its `job.finished`: the epochs of its `job.progress` in arrival order,
    /// the losses they carried one after the other, and the finished job.
    private func notifications(of job: JSONValue, from subscriber: Socket) throws
        -> (epochs: [Int], losses: [JSONValue], finished: JSONValue)
    {
        var epochs: [Int] = []
        var losses: [JSONValue] = []
        while let frames = try subscriber.receiveMultipart() {
            guard frames[0] == Array(job.stringValue!.utf8) else { continue }
            let message = try JSONParser.parse(frames[1])
            if message["method"] == "job.finished" { return (epochs, losses, message["params"]!) }
            #expect(message["method"] == "job.progress")
            let params = message["params"]!
            epochs.append(params["epoch"]!.int!)
            let carried = params["losses"]?.arrayValue ?? []
            #expect(carried.last == params["loss"], "the epoch's own loss comes last")
            losses += carried
        }
        Issue.record("no job.finished for \(job)")
        return (epochs, losses, .null)
    }

    @Test func aLongJobPublishesProgressAtMostTwentyASecond() throws {
        let running = try RunningWorker()
        let subscriber = try running.subscriber()
        let client = try running.client()
        try awaitSubscription(subscriber, client)
        // About a second in a debug build, a report every third epoch (well under 50 ms each).
        let reportEvery = 3, epochs = 3000
        let job = try client.result("train", ["hidden_size": 4, "lr": 0.01, "epochs": .number(Double(epochs)),
                                              "report_every": .number(Double(reportEvery))])
        let (published, carried, finished) = try notifications(of: job["job"]!, from: subscriber)
        let seconds = try #require(finished["seconds"]?.doubleValue)
        let reports = epochs / reportEvery
        #expect(finished["state"] == "done")
        #expect(published == published.sorted() && Set(published).count == published.count)
        #expect(published.allSatisfy { $0 % reportEvery == 0 })
        // Published reports are ≥ 50 ms apart, the first 50 ms after the start, within the `seconds` the loop ran.
        #expect(!published.isEmpty && Double(published.count) * 0.05 <= seconds + 1e-6, "\(published.count) in \(seconds) s")
        #expect(published.count * 2 <= reports, "\(published.count) of \(reports) reports published in \(seconds) s")
        // Together the notifications carry the loss of every report epoch up to the last published one, in order.
        let finalLosses = try #require(finished["losses"]?.arrayValue)
        let reportLosses = stride(from: 0, through: published.last ?? -1, by: reportEvery).map { finalLosses[$0] }
        #expect(carried == reportLosses)
        try running.stop()
    }
}
