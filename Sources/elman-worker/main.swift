import ArgumentParser
import ElmanProtocol
import ElmanWorker
import Foundation
import Logging

/// `elman-worker`: serves the Elman protocol (Protocol/PROTOCOL.md) on a ZeroMQ ROUTER socket.
struct ElmanWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "elman-worker",
        abstract: "Train and run Elman recurrent networks for clients speaking JSON-RPC 2.0 over ZeroMQ.")

    @Option(help: "ROUTER endpoint for requests; tcp://127.0.0.1:* picks a free port.")
    var endpoint = "tcp://127.0.0.1:5555"

    @Option(help: "PUB endpoint for job.progress and job.finished notifications.")
    var events: String?

    @Option(help: "Folder where model.save writes and model.load reads models; created (mode 0700) if missing.")
    var models: String?

    @Option(name: .customLong("connection-file"), help: "Write the bound endpoints, protocol version and pid here.")
    var connectionFile: String?

    @Flag(help: "Encrypt with CURVE (a fresh server key pair; its public key goes in the connection file).")
    var curve = false

    @Option(name: .customLong("curve-secret-file"),
            help: "Encrypt with CURVE using the server secret key (Z85, 40 characters) in this file.")
    var curveSecretFile: String?

    @Option(name: .customLong("curve-clients"),
            help: "Also let in the CURVE client public keys (Z85) listed in this file, one per line.")
    var curveClientsFile: String?

    @Flag(help: "Allow a non-loopback endpoint without CURVE. Anyone who can reach it can drive the worker.")
    var insecure = false

    @Option(name: .customLong("parent-pid"), help: "Shut down cleanly once the process with this id has exited.")
    var parentPID: Int32?

    @Option(help: "Training threads (default: the number of cores).")
    var threads: Int?

    @Option(name: .customLong("limit"), parsing: .singleValue,
            help: "Change a limit that info reports, as NAME=VALUE (e.g. max_models=1000); repeatable.")
    var limitSettings: [String] = []

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown log level \(logLevel)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let models {
            do { try ModelsFolder.prepare(models) } catch { throw ValidationError("\(error)") }
        }
    }

    func run() throws {
        let level = Logger.Level(rawValue: logLevel)!
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var configuration = WorkerConfiguration(limits: try limits())
        configuration.endpoint = endpoint
        configuration.events = events
        configuration.modelsDirectory = models.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        configuration.connectionFile = connectionFile
        configuration.curve = curve
        configuration.curveSecretKey = try curveSecretFile.map { file in
            try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        configuration.insecure = insecure
        configuration.parentPID = parentPID
        configuration.curveClientKeys = try curveClientsFile.map { file in
            try String(contentsOfFile: file, encoding: .utf8).split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        } ?? []
        let worker = try Worker(configuration: configuration, logger: Logger(label: "elman-worker"))
        try worker.run()
    }
}

extension ElmanWorkerCommand {
    /// The default limits, with the cores as training threads, changed by `--threads` and each `--limit`.
    func limits() throws -> Limits {
        var limits = Limits(trainingThreads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
        for setting in limitSettings {
            let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let value = Int(parts[1]) else {
                throw ValidationError("--limit \(setting): expected NAME=INTEGER")
            }
            do {
                try limits.set(parts[0], to: value)
            } catch let error as RPCError {
                throw ValidationError("--limit \(setting): \(error.data["reason"]?.stringValue ?? error.message)")
            }
        }
        return limits
    }
}

ElmanWorkerCommand.main()
