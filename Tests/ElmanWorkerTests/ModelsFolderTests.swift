import ElmanCore
import Foundation
import Testing

@testable import ElmanWorker

/// `--models DIR` on a fresh machine: a missing folder is created, private; anything else at the path is refused.
@Suite struct ModelsFolderTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("elman-folder-\(UUID().uuidString)").path

    func permissions(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func missingFolderAndParentsAreCreatedPrivate() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let models = "\(root)/home/elman-models"
        try ModelsFolder.prepare(models)
        #expect(Platform.isFolder(models))
        #expect(try permissions(root) == 0o700)
        #expect(try permissions(models) == 0o700)
        try ModelsFolder.prepare(models)  // an existing folder is fine
    }

    @Test func existingFileIsRefusedAndKept() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let file = "\(root)/models"
        try Data("notes".utf8).write(to: URL(fileURLWithPath: file))
        #expect(throws: Failure.self) { try ModelsFolder.prepare(file) }
        #expect(throws: Failure.self) { try ModelsFolder.prepare("\(file)/inside") }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "notes")
    }

    @Test func danglingLinkIsRefusedAndNothingIsCreatedThroughIt() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let link = "\(root)/models"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "\(root)/elsewhere")
        let error = #expect(throws: Failure.self) { try ModelsFolder.prepare(link) }
        #expect(error?.description == "--models \(link) is not a folder")
        #expect(!FileManager.default.fileExists(atPath: "\(root)/elsewhere"))
    }

    /// The person starting the worker named the path, so a link to a folder is theirs to give.
    @Test func linkToAFolderIsAccepted() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: "\(root)/real", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(root)/models", withDestinationPath: "\(root)/real")
        try ModelsFolder.prepare("\(root)/models")
    }
}
