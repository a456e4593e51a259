import ElmanCore
import ElmanJSON
import ElmanProtocol
import Testing

/// What a job trained with validation adds to the job object and `job.progress`, and the scaler's coding.
@Suite struct ValidationShapesTests {
    @Test func aJobWithValidationHasItsLossesAndEpochsInPlace() {
        let recorded = ValidationResult(losses: [0.4, 0.3], bestEpoch: 1, stoppedEpoch: nil)
        let ended = JobReport(job: "j1", model: "m1", state: .done, epoch: 2, epochs: 9, losses: [0.5, 0.25],
                              seconds: 0.5, divergedEpoch: nil,
                              validation: ValidationReport(recorded, earlyStopping: true))
        #expect(JSONWriter.string(ended.json) == #"{"job":"j1","model":"m1","state":"done","epoch":2,"epochs":9,"#
                + #""losses":[0.5,0.25],"validation_losses":[0.4,0.3],"seconds":0.5,"best_epoch":1,"#
                + #""stopped_epoch":null}"#)
        let listed = JobReport(job: "j1", model: "m1", state: .queued, epoch: 0, epochs: 9, losses: nil, seconds: 0,
                               divergedEpoch: nil, validation: ValidationReport(earlyStopping: false))
        #expect(JSONWriter.string(listed.json) == #"{"job":"j1","model":"m1","state":"queued","epoch":0,"#
                + #""epochs":9,"seconds":0,"best_epoch":null}"#)
        let progress = JobProgress(job: "j1", epoch: 10, losses: [0.5, 0.25], validationLosses: [0.4, 0.3])
        #expect(JSONWriter.string(progress.json)
                == #"{"job":"j1","epoch":10,"loss":0.25,"losses":[0.5,0.25],"validation_losses":[0.4,0.3]}"#)
    }

    @Test func aScalerReadsBackWhatItWrites() throws {
        let scaler = try #require(Scaler(kind: .minmax, offset: [1, -2], scale: [0.5, 3], targets: [1]))
        let json = ScalerCoding.json(scaler)
        #expect(JSONWriter.string(json) == #"{"kind":"minmax","offset":[1,-2],"scale":[0.5,3],"targets":[1]}"#)
        #expect(try ScalerCoding.read(json, path: "scaler", inputSize: 2, outputSize: 1) == scaler)
        for bad: JSONValue in [
            ["kind": "minmax", "offset": [1], "scale": [0.5], "targets": [0]],
            ["kind": "robust", "offset": [1, -2], "scale": [0.5, 3], "targets": [1]],
            ["kind": "minmax", "offset": [1, -2], "scale": [0, 3], "targets": [1]],
            ["kind": "minmax", "offset": [1, -2], "scale": [0.5, 3], "targets": [2]],
            ["kind": "minmax", "offset": [1, -2], "scale": [0.5, 3], "targets": [0.5]],
            ["kind": "minmax", "offset": [1, -2], "scale": [0.5, 3], "targets": [1], "extra": 1],
        ] {
            #expect(throws: RPCError.self) { try ScalerCoding.read(bad, path: "scaler", inputSize: 2, outputSize: 1) }
        }
    }
}
