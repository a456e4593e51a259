import ElmanCore
import Foundation
import Testing

@Suite("Weights and series values")
struct ValueTests {
    @Test("ElmanWeights validates sizes and finiteness")
    func weightValidation() throws {
        let good = try ElmanWeights(hiddenSize: 2, w1: [1, 2, 3, 4, 5, 6], w2: [7, 8])
        #expect(good.hiddenSize == 2 && good.w1 == [1, 2, 3, 4, 5, 6] && good.w2 == [7, 8])
        #expect(throws: ElmanError.shape("hiddenSize must be at least 1, got 0")) {
            try ElmanWeights(hiddenSize: 0, w1: [], w2: [])
        }
        #expect(throws: ElmanError.shape("w1 needs 6 values for hidden size 2, got 4")) {
            try ElmanWeights(hiddenSize: 2, w1: [1, 2, 3, 4], w2: [7, 8])
        }
        #expect(throws: ElmanError.shape("w2 needs 2 values for hidden size 2, got 1")) {
            try ElmanWeights(hiddenSize: 2, w1: [1, 2, 3, 4, 5, 6], w2: [7])
        }
        #expect(throws: ElmanError.notFinite("w1[3]")) {
            try ElmanWeights(hiddenSize: 2, w1: [1, 2, 3, .nan, 5, 6], w2: [7, 8])
        }
        #expect(throws: ElmanError.notFinite("w2[1]")) {
            try ElmanWeights(hiddenSize: 2, w1: [1, 2, 3, 4, 5, 6], w2: [7, -.infinity])
        }
    }

    @Test("the seed's sine: 21 points from sin 2 to sin 10")
    func sine() {
        let series = Series.sine()
        #expect(series.count == 21)
        #expect(series.first == Float(sin(2.0)) && series.last == Float(sin(10.0)))
        #expect(series[10] == Float(sin(6.0)))
        #expect(Series.sine(start: 0, stop: 1, points: 1) == [0])
        #expect(Series.sine(points: 0).isEmpty)
    }

    @Test("training series need two finite values")
    func seriesValidation() throws {
        try Series.validateForTraining([0, 1])
        #expect(throws: ElmanError.seriesTooShort(1)) { try Series.validateForTraining([0]) }
        #expect(throws: ElmanError.notFinite("series[2]")) { try Series.validateForTraining([0, 1, .nan]) }
    }

    @Test("options validity mirrors train's preconditions")
    func optionsValidity() {
        #expect(TrainingOptions().isValid)
        #expect(TrainingOptions(epochs: 0).isValid)
        #expect(!TrainingOptions(epochs: -1).isValid)
        #expect(!TrainingOptions(truncation: 0).isValid)
        #expect(!TrainingOptions(reportEvery: 0).isValid)
        #expect(!TrainingOptions(learningRate: .infinity).isValid)
    }
}
