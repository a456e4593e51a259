import ElmanCore
import ElmanJSON

/// `"records"` of a job report and of `job.progress` (PROTOCOL.md, "train", `record`): the members asked for,
/// `"grad_norm"` ([per epoch]) and `"spectral_radius"` ([per epoch: [per layer: [per gate block]]]).
enum RecordsCoding {
    static func json(_ records: TrainingRecords) -> JSONValue {
        var object: JSONObject = [:]
        if let norms = records.gradNorms { object["grad_norm"] = numbers(norms) }
        if let radii = records.spectralRadii {
            object["spectral_radius"] = .array(radii.map { .array($0.map(numbers)) })
        }
        return .object(object)
    }

    private static func numbers(_ values: [Double]) -> JSONValue { .array(values.map(JSONValue.number)) }
}
