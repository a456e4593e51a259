import ElmanCore
import ElmanJSON
import ElmanProtocol
import Testing

/// The reply shapes write PROTOCOL.md's members, in its order, leaving out only what it says may be absent. (The
/// worker's replies as a whole are replayed byte for byte by ElmanWorkerTests' `ProtocolExamplesTests`.)
@Suite struct ResultShapesTests {
    let ended = JobReport(job: "j2", model: "m1", state: .diverged, epoch: 3, epochs: 5, losses: [0.5, 0.25, 0.1],
                          seconds: 0.5, divergedEpoch: 3)

    @Test func jobReportWithAndWithoutLosses() {
        #expect(JSONWriter.string(ended.json) == #"{"job":"j2","model":"m1","state":"diverged","epoch":3,"epochs":5,"#
                + #""losses":[0.5,0.25,0.1],"seconds":0.5,"diverged_epoch":3}"#)
        let listed = JobReport(job: "j1", model: "m1", state: .queued, epoch: 0, epochs: 5, losses: nil, seconds: 0,
                               divergedEpoch: nil)
        #expect(JSONWriter.string(JobList(jobs: [listed]).json)
                == #"{"jobs":[{"job":"j1","model":"m1","state":"queued","epoch":0,"epochs":5,"seconds":0}]}"#)
        #expect(!JobState.running.hasEnded && JobState.failed.hasEnded)
    }

    @Test func modelSummaryAndTheResultsThatExtendIt() throws {
        let summary = ModelSummary(model: "m1", network: .elman(hiddenSize: 1), epochsTrained: 7, job: nil)
        let network = #""network":{"cell":"rnn","nonlinearity":"tanh","input_size":1,"hidden_size":1,"#
            + #""num_layers":1,"output_size":1,"bias":false}"#
        let weights = try ElmanWeights(hiddenSize: 1, w1: [0.1, 0.2], w2: [0.3])
        #expect(JSONWriter.string(summary.json(stateDict: StateDict(weights), weights: weights))
                == #"{"model":"m1","hidden_size":1,"epochs_trained":7,"job":null,"# + network
                + #","state_dict":{"rnn.weight_ih_l0":[[0.1]],"rnn.weight_hh_l0":[[0.2]],"head.weight":[[0.3]]},"#
                + #""weights":{"w1":[[0.1],[0.2]],"w2":[[0.3]]}}"#)
        #expect(JSONWriter.string(summary.json(loadedFrom: try ModelName("sine")))
                == #"{"model":"m1","hidden_size":1,"epochs_trained":7,"job":null,"# + network + #","name":"sine"}"#)
        let lstm = try NetworkDescription(cell: .lstm, inputSize: 2, hiddenSize: 6, numLayers: 2, outputSize: 1)
        let training = ModelSummary(model: "m2", network: lstm, epochsTrained: 0, job: "j4")
        #expect(JSONWriter.string(ModelList(models: [training], saved: ["a"]).json)
                == #"{"models":[{"model":"m2","hidden_size":6,"epochs_trained":0,"job":"j4","network":{"cell":"lstm","#
                + #""nonlinearity":"tanh","input_size":2,"hidden_size":6,"num_layers":2,"output_size":1,"bias":true}}],"#
                + #""saved":["a"]}"#)
    }

    @Test func notificationsNameTheirMethodAndJob() {
        let progress = JobNotification.progress(JobProgress(job: "j2", epoch: 20, losses: [0.5, 0.25]))
        #expect(progress.method == "job.progress" && progress.job == "j2")
        #expect(JSONWriter.string(progress.params) == #"{"job":"j2","epoch":20,"loss":0.25,"losses":[0.5,0.25]}"#)
        let finished = JobNotification.finished(ended)
        #expect(finished.method == "job.finished" && finished.job == "j2" && finished.params == ended.json)
    }

    @Test func connectionFileWithAndWithoutOptionalParts() {
        let plain = ConnectionFileContent(endpoint: "tcp://127.0.0.1:5555", events: nil, pid: 42, models: nil,
                                          curve: nil)
        #expect(JSONWriter.string(plain.json) == #"{"protocol":1,"version":"\#(ProtocolVersion.software)","#
                + #""endpoint":"tcp://127.0.0.1:5555","events":null,"pid":42,"models":null,"curve":null}"#)
        var encrypted = plain
        encrypted.curve = .init(serverKey: "S", clientPublicKey: "P", clientSecretKey: "K")
        #expect(encrypted.json["curve"] == ["server_key": "S", "client_public_key": "P", "client_secret_key": "K"])
    }
}
