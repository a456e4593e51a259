import ElmanCore
import Testing

/// The reference path for general networks against PyTorch (tools/reference/torch_networks.py) from the same
/// initial state_dict: epoch losses, final state_dict and teacher-forced predictions within 1e-4 absolute.
@Suite("General networks: parity with PyTorch fixtures")
struct NetworkParityTests {
    static let tolerance: Float = 1e-4

    @Test("the fixtures are all there")
    func fixturesPresent() {
        let required = ["gru_3out_adam_betas_clip", "gru_sgd_nesterov_clip", "lstm_2layer_nobias_batch3_full",
                        "lstm_adam_k5", "rnn_relu_2layer_adamw_mse", "rnn_tanh_bias_sgd", "seed_as_network"]
        #expect(Set(required).isSubset(of: NetworkFixture.names), "found \(NetworkFixture.names)")
    }

    @Test("reference path trains and predicts like PyTorch", arguments: NetworkFixture.names)
    func training(name: String) throws {
        let fixture = try NetworkFixture.load(name)
        var parameters = fixture.initial
        let result = ReferenceNetwork.train(&parameters, data: fixture.data, options: fixture.options)
        #expect(result.outcome == .completed)
        try #require(result.losses.count == fixture.losses.count)
        let predictions = ReferenceNetwork.predict(parameters, inputs: fixture.data.inputs)
        let differences = (losses: maxAbsDifference(result.losses, fixture.losses),
                           weights: maxAbsDifference(parameters, fixture.final),
                           predictions: maxAbsDifference(predictions, fixture.predictions))
        print("parity \(name): max |Δ| losses \(differences.losses), state_dict \(differences.weights), "
            + "predictions \(differences.predictions)")
        #expect(differences.losses < Self.tolerance)
        #expect(differences.weights < Self.tolerance)
        #expect(differences.predictions < Self.tolerance)
    }
}
