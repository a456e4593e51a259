import ElmanCore
import ElmanJSON
import ElmanProtocol

/// Saved models in the `--models` folder: `DIR/<name>.json`, one JSON object per file. A network of the seed's kind
/// is written as before general networks, so that every worker reads it:
/// `{"format": "elman-model", "version": 1, "hidden_size", "epochs_trained", "weights": {w1, w2}}`; any other as
/// `{"format": "elman-model", "version": 2, "hidden_size", "epochs_trained", "network": {…}, "state_dict": {…}}`
/// (`NetworkCoding`, `StateDictCoding`); a model with a scaler, whatever its network, as version 3: version 2's
/// members and `"scaler": {…}` (`ScalerCoding`), which a worker that cannot apply a scaler refuses. All three load.
/// Any may carry `"naive_mae": [numbers]` (`ModelRecord.naiveMAE`, one finite non-negative number per output); a
/// file without it, as older workers wrote, loads with none.
///
/// Invariants: names are `ModelName`s, checked when they were read, so every path stays inside `directory`, and
/// no file is opened through a symbolic link, so a link planted in the folder cannot make the worker read or write
/// elsewhere. A save is a durable `AtomicFile` write through `.<name>.tmp`, so after a crash the file is the old
/// model or the new one, never a mixture. Floats are written with float32's shortest digits and read back bit for
/// bit.
struct ModelStore {
    let directory: String
    let limits: Limits

    static let format = "elman-model"

    func save(_ record: ModelRecord, as name: ModelName) throws {
        var members: JSONObject = [
            "format": .string(Self.format), "version": 1,
            "hidden_size": .number(Double(record.parameters.network.hiddenSize)),
            "epochs_trained": .number(Double(record.epochsTrained)),
        ]
        if let weights = record.parameters.elman, record.scaler == nil {
            members["weights"] = WeightsCoding.json(weights)
        } else {
            members["version"] = record.scaler == nil ? 2 : 3
            members["network"] = NetworkCoding.json(record.parameters.network)
            members["state_dict"] = StateDictCoding.json(record.parameters.stateDict)
            if let scaler = record.scaler { members["scaler"] = ScalerCoding.json(scaler) }
        }
        if let naiveMAE = record.naiveMAE { members["naive_mae"] = MetricsCoding.numbers(naiveMAE) }
        let document = JSONValue.object(members)
        do {
            try AtomicFile.write(JSONWriter.write(document), to: path(name),
                                 temporary: "\(directory)/.\(name.text).tmp",
                                 mode: 0o644, durable: true)
        } catch {
            throw RPCError.storage(name: name.text, reason: "\(error)")
        }
    }

    /// Reads a saved model; a missing file is "no saved model", anything unreadable a storage error.
    func load(_ name: ModelName) throws
        -> (parameters: ModelParameters, epochsTrained: Int, naiveMAE: [Double]?, scaler: Scaler?)
    {
        let bytes: [UInt8]
        do {
            guard let read = try FileContents.read(path(name), maxBytes: limits.maxMessageBytes) else {
                throw RPCError.noSavedModel(name.text)
            }
            bytes = read
        } catch let error as RPCError {
            throw error
        } catch {
            throw RPCError.storage(name: name.text, reason: "\(error)")
        }
        do {
            let document = try JSONParser.parse(bytes, maxDepth: 8)
            guard document["format"] == .string(Self.format) else { throw Failure("not an elman-model file") }
            let decoded: ModelParameters
            var scaler: Scaler?
            switch document["version"] {
            case 1:
                guard let weights = document["weights"] else { throw Failure("no weights") }
                decoded = ModelParameters(try WeightsCoding.read(weights, path: "weights", limits: limits))
            case 2, 3:
                guard let network = document["network"], let stateDict = document["state_dict"] else {
                    throw Failure("no network or no state_dict")
                }
                let description = try NetworkCoding.read(network, path: "network", limits: limits)
                decoded = ModelParameters(try StateDictCoding.read(stateDict, path: "state_dict", network: description))
                if document["version"] == 3 {
                    guard let saved = document["scaler"] else { throw Failure("no scaler") }
                    scaler = try ScalerCoding.read(saved, path: "scaler", inputSize: description.inputSize,
                                                   outputSize: description.outputSize)
                }
            default:
                throw Failure("not an elman-model file of version 1, 2 or 3")
            }
            guard case .number(let epochs)? = document["epochs_trained"], epochs >= 0, epochs < 9e15 else {
                throw Failure("no epochs_trained")
            }
            let naiveMAE = try Self.naiveMAE(document["naive_mae"], outputs: decoded.network.outputSize)
            return (decoded, Int(epochs), naiveMAE, scaler)
        } catch let failure as Failure {
            throw RPCError.storage(name: name.text, reason: failure.description)
        } catch let error as RPCError {
            let reason = error.data["reason"]?.stringValue ?? error.message
            throw RPCError.storage(name: name.text, reason: "corrupt model file: \(reason)")
        } catch {
            throw RPCError.storage(name: name.text, reason: "corrupt model file: \(error)")
        }
    }

    /// A saved naive scale: absent, or one finite number ≥ 0 per output.
    private static func naiveMAE(_ value: JSONValue?, outputs: Int) throws -> [Double]? {
        guard let value else { return nil }
        guard let numbers = value.arrayValue?.compactMap(\.doubleValue), numbers.count == value.arrayValue?.count,
              numbers.count == outputs, numbers.allSatisfy({ $0.isFinite && $0 >= 0 })
        else { throw Failure("naive_mae must hold \(counted(outputs, "number")) ≥ 0, one per output") }
        return numbers
    }

    /// Names of the model files in the folder, sorted; files whose names are not model names are skipped.
    func names() -> [String] {
        var found: [String] = []
        for file in Platform.fileNames(in: directory) ?? [] {
            guard file.hasSuffix(".json") else { continue }
            let name = String(file.dropLast(5))
            if (try? ModelName(name)) != nil { found.append(name) }
        }
        return found.sorted()
    }

    private func path(_ name: ModelName) -> String { "\(directory)/\(name.text).json" }
}
