import ElmanCore
import Foundation
import Testing

/// One introspection fixture (Fixtures/introspection/NAME.json, written by
/// tools/reference/make_introspection_fixtures.py): a network, one sequence, float32 weights, and what PyTorch
/// computed from them in float64: every step's states and the gradient flow ‖∂L/∂h_s‖ for each target.
struct IntrospectionFixture: CustomTestStringConvertible {
    let name: String
    let stateDict: StateDict<Float>
    let data: TrainingSequences
    /// steps × layers × H.
    let hidden: [[[Double]]]
    /// steps × layers × H, for an LSTM.
    let cell: [[[Double]]]?
    /// layers × steps, under "sse/2", "mse" and "output".
    let gradientFlow: [String: [[Double]]]

    var testDescription: String { name }

    static let names = ["rnn_2layer", "lstm_2layer", "gru_2layer", "seed_kind"]

    static func load(_ name: String) throws -> IntrospectionFixture {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/introspection"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        return try IntrospectionFixture(json)
    }

    private init(_ json: [String: Any]) throws {
        name = try #require(json["name"] as? String)
        let network = try NetworkFixture.network(json["network"])
        stateDict = try NetworkFixture.stateDict(json["state_dict"], network)
        data = try NetworkFixture.data(json["data"])
        hidden = try Self.cube(json["hidden"])
        cell = json["cell"] is NSNull ? nil : try Self.cube(json["cell"])
        let flows = try #require(json["gradient_flow"] as? [String: Any])
        gradientFlow = try flows.mapValues { try #require($0 as? [[Any]]).map { try $0.map(NetworkFixture.double) } }
    }

    private static func cube(_ json: Any?) throws -> [[[Double]]] {
        try #require(json as? [[[Any]]]).map { try $0.map { try $0.map(NetworkFixture.double) } }
    }
}

/// Whether |a − b| ≤ relative·|b| for every pair of two equally long lists.
func withinRelative(_ a: [Double], _ b: [Double], _ relative: Double) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= relative * abs($1) }
}
