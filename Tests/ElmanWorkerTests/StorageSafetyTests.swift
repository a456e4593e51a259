import ElmanProtocol
import Foundation
import Testing

@testable import ElmanWorker

/// The models folder is the only place the worker reads or writes: links planted in it lead nowhere.
@Suite struct StorageSafetyTests {
    @Test func plantedSymlinksAreNeitherWrittenThroughNorRead() throws {
        let running = try RunningWorker()
        let folder = try #require(running.modelsDirectory)
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("elman-victim-\(UUID().uuidString)")
        try Data("precious".utf8).write(to: outside)
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.createSymbolicLink(atPath: "\(folder)/.keep.tmp", withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(atPath: "\(folder)/peek.json", withDestinationPath: outside.path)

        let client = try running.client()
        let model = try client.result("train", ["epochs": 1, "wait": true])["model"]!
        _ = try client.result("model.save", ["model": model, "name": "keep"])
        #expect(try String(contentsOf: outside, encoding: .utf8) == "precious")
        #expect(try client.result("model.load", ["name": "keep"])["model"] == "m2")
        #expect(try client.error("model.load", ["name": "peek"]).code == -32005)
        try running.stop()
    }
}
