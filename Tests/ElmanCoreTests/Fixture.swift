import ElmanCore
import Foundation
import Testing

/// One PyTorch parity fixture written by tools/reference/make_fixtures.py (torch_elman, float32): a configuration,
/// the initial weights, and what PyTorch computed from them. Weights are flat, row-major, PyTorch layout.
struct Fixture: Decodable, CustomTestStringConvertible {
    let name: String
    let hiddenSize: Int
    let points: Int
    let truncation: Int
    let epochs: Int
    let learningRate: Float
    let series: [Float]
    let initialW1: [Float]
    let initialW2: [Float]
    let losses: [Float]
    let finalW1: [Float]
    let finalW2: [Float]
    let predictions: [Float]
    let prime: [Float]
    let generated: [Float]

    static let names = ["seed", "hidden4_points30_k5", "hidden8_full_bptt"]

    static func load(_ name: String) throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    var testDescription: String { name }

    var options: TrainingOptions {
        TrainingOptions(epochs: epochs, learningRate: learningRate, truncation: truncation)
    }

    func initialWeights() throws -> ElmanWeights {
        try ElmanWeights(hiddenSize: hiddenSize, w1: initialW1, w2: initialW2)
    }
}
