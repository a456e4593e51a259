import ElmanCore
import Testing

@Suite("Prediction and generation")
struct InferenceTests {
    let weights = ElmanWeights.random(hiddenSize: 7, seed: 21)
    let series = Series.sine()

    @Test("predict is teacher-forced from a zero context, as in the reference")
    func prediction() {
        let inputs = Array(series.dropLast())
        let outputs = predict(weights, inputs: inputs)
        #expect(maxAbsDifference(outputs, ReferenceElman.predict(weights, inputs: inputs)) < 1e-6)
        #expect(outputs.count == inputs.count)
        #expect(predict(weights, inputs: []).isEmpty)
        // A prefix of the inputs predicts the same prefix of outputs: the context starts at zero each call.
        #expect(predict(weights, inputs: Array(inputs[0..<5])) == Array(outputs[0..<5]))
    }

    @Test("generate feeds each output back: value i+1 is the prediction after prime + values[0…i]")
    func generation() {
        let prime = Array(series[0..<4])
        let values = generate(weights, prime: prime, steps: 12)
        #expect(values.count == 12)
        #expect(values[0] == predict(weights, inputs: prime).last)
        for i in 0..<11 {
            #expect(values[i + 1] == predict(weights, inputs: prime + values[0...i]).last)
        }
        #expect(maxAbsDifference(values, ReferenceElman.generate(weights, prime: prime, steps: 12)) < 1e-6)
        #expect(generate(weights, prime: prime, steps: 0).isEmpty)
    }
}
