import ElmanJSON
import ElmanProtocol
import Foundation
import Testing

@testable import ElmanWorker

/// Replays every file of Protocol/examples against a fresh worker (the format is Protocol/examples/README.md).
/// The Python tests replay the same files against the worker binary, so both languages hold the same spec.
@Suite struct ProtocolExamplesTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/examples")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
    }

    @Test func thereAreExamples() {
        #expect(Self.files.count >= 10)
    }

    @Test(arguments: files)
    func replay(_ file: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.folder.appendingPathComponent(file)))
        let example = try JSONParser.parse(bytes)
        var limits = Limits(trainingThreads: 2)
        try apply(example["worker_args"]?.arrayValue?.compactMap(\.stringValue) ?? [], to: &limits)
        let running = try RunningWorker(models: example["no_models"] != true) { $0.limits = limits }
        let client = try running.client()
        for (index, step) in (example["steps"]?.arrayValue ?? []).enumerated() {
            try client.socket.send(try frames(step) + (step["buffers"]?.arrayValue ?? []).map(Self.bytes))
            let expected = try #require(step["response"])
            if expected == .null {
                try client.socket.setReceiveTimeout(300)
                #expect(try client.receive() == nil, "\(file) step \(index): expected no reply")
                try client.socket.setReceiveTimeout(60_000)
                continue
            }
            let replyFrames = try #require(try client.socket.receiveMultipart(), "\(file) step \(index): no reply")
            let reply = try JSONParser.parse(replyFrames[0])
            let ignored = Set((step["ignore"]?.arrayValue ?? []).compactMap(\.stringValue))
            let mismatch = difference(reply, expected, at: "", ignoring: ignored)
                ?? difference(.array(replyFrames.dropFirst().map(Self.float32s)),
                              .array((step["response_buffers"]?.arrayValue ?? []).map { $0["values"]! }),
                              at: "buffers", ignoring: [])
            #expect(mismatch == nil, "\(file) step \(index): \(mismatch ?? "")\n got \(JSONWriter.string(reply))")
        }
        if example["exits"] != true { try running.stop() }
    }

    /// The worker options examples use, `--threads N` and `--limit NAME=VALUE`, as `elman-worker` reads them.
    private func apply(_ arguments: [String], to limits: inout Limits) throws {
        for (option, value) in zip(arguments, arguments.dropFirst()) {
            switch option {
            case "--threads": limits.trainingThreads = try #require(Int(value))
            case "--limit":
                let parts = value.split(separator: "=").map(String.init)
                try limits.set(parts[0], to: try #require(Int(parts[1])))
            default: continue
            }
        }
    }

    private func frames(_ step: JSONValue) throws -> [[UInt8]] {
        if let request = step["request"] { return [JSONWriter.write(request)] }
        if let text = step["request_text"]?.stringValue { return [Array(text.utf8)] }
        if let hex = step["request_hex"]?.stringValue { return [Self.hexBytes(hex)] }
        let parts = try #require(step["request_frames"]?.arrayValue, "a step needs a request")
        return parts.map { Array(($0.stringValue ?? "").utf8) }
    }

    /// A step's buffer, `{"dtype": "<f4" | "<f8", "values": [numbers]}` or `{"hex"}`, as its bytes.
    private static func bytes(_ buffer: JSONValue) -> [UInt8] {
        if let hex = buffer["hex"]?.stringValue { return hexBytes(hex) }
        let values = (buffer["values"]?.arrayValue ?? []).map { $0.doubleValue! }
        return Frames.bytes(values, dtype: buffer["dtype"]?.stringValue ?? "")
    }

    /// A reply buffer's little-endian float32 values, as numbers to compare with `response_buffers`.
    private static func float32s(_ bytes: [UInt8]) -> JSONValue {
        .array(Frames.float32s(bytes).map { .number(Double($0)) })
    }

    private static func hexBytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map {
            UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16)!
        }
    }

    /// Where `got` differs from `want` (numbers within 1e-5, ignored JSON pointers only required to exist), or nil.
    private func difference(_ got: JSONValue, _ want: JSONValue, at pointer: String, ignoring: Set<String>) -> String? {
        if ignoring.contains(pointer) { return nil }
        switch (got, want) {
        case (.number(let a), .number(let b)):
            return abs(a - b) <= 1e-5 ? nil : "\(pointer): \(a) ≠ \(b)"
        case (.array(let a), .array(let b)):
            guard a.count == b.count else { return "\(pointer): \(a.count) elements ≠ \(b.count)" }
            for index in a.indices {
                if let found = difference(a[index], b[index], at: "\(pointer)/\(index)", ignoring: ignoring) { return found }
            }
            return nil
        case (.object(let a), .object(let b)):
            guard Set(a.keys) == Set(b.keys) else { return "\(pointer): members \(a.keys.sorted()) ≠ \(b.keys.sorted())" }
            for key in b.keys {
                if let found = difference(a[key]!, b[key]!, at: "\(pointer)/\(key)", ignoring: ignoring) { return found }
            }
            return nil
        default:
            return got == want ? nil : "\(pointer): \(JSONWriter.string(got)) ≠ \(JSONWriter.string(want))"
        }
    }
}
