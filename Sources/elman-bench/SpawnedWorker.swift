import ElmanCore
import ElmanJSON
import ElmanProtocol
import Foundation

/// The `elman-worker` built beside this benchmark, started on a free loopback port; its connection file says which.
final class SpawnedWorker {
    let endpoint: String
    private let process = Process()
    private let folder: URL

    init() throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let binary = executable.deletingLastPathComponent().appendingPathComponent("elman-worker")
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("elman-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let connectionFile = folder.appendingPathComponent("connection.json")
        process.executableURL = binary
        process.arguments = ["--endpoint", "tcp://127.0.0.1:*", "--connection-file", connectionFile.path,
                             "--log-level", "warning", "--limit", "max_models=1000000",
                             "--limit", "max_finished_jobs=1000000", "--limit", "max_jobs=100000"]
        try process.run()
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while !FileManager.default.fileExists(atPath: connectionFile.path) {
            guard ContinuousClock.now < deadline, process.isRunning else {
                throw Failure("\(binary.path) did not start")
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        let connection = try JSONParser.parse([UInt8](Data(contentsOf: connectionFile)))
        guard let endpoint = connection["endpoint"]?.stringValue else { throw Failure("no endpoint") }
        self.endpoint = endpoint
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }
}
