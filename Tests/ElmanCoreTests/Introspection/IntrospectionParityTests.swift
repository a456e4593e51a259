import ElmanCore
import Testing

/// Hidden states and gradient flow on the reference path against PyTorch (Fixtures/introspection): states in Float
/// from the fixture's float32 weights, gradient norms in Double, both within 1e-4 relative of PyTorch's float64.
@Suite struct IntrospectionParityTests {
    @Test(arguments: IntrospectionFixture.names)
    func statesMatchPyTorch(_ name: String) throws {
        let fixture = try IntrospectionFixture.load(name)
        let states = ReferenceNetwork.states(fixture.stateDict, inputs: fixture.data.inputs[0])
        #expect(states.count == fixture.hidden.count)
        for (t, step) in states.enumerated() {
            for (l, state) in step.enumerated() {
                #expect(close(state.h, fixture.hidden[t][l]), "\(name) h at step \(t), layer \(l): \(state.h)")
                if let cell = fixture.cell {
                    #expect(close(state.c, cell[t][l]), "\(name) c at step \(t), layer \(l): \(state.c)")
                } else {
                    #expect(state.c.isEmpty)
                }
            }
        }
    }

    /// States are O(1): within 1e-4 relative to max(|value|, 1), room for the float32 rounding of the forward pass.
    private func close(_ got: [Float], _ want: [Double]) -> Bool {
        got.count == want.count && zip(got, want).allSatisfy { abs(Double($0) - $1) <= 1e-4 * max(abs($1), 1) }
    }

    @Test(arguments: IntrospectionFixture.names)
    func gradientFlowMatchesPyTorch(_ name: String) throws {
        let fixture = try IntrospectionFixture.load(name)
        let parameters = fixture.stateDict.converted(to: Double.self)
        let inputs = fixture.data.inputs[0].map { $0.map(Double.init) }
        let targets = fixture.data.targetValues[0].map { $0.map(Double.init) }
        for (key, loss, target) in [("sse/2", Loss.halfSumOfSquares, GradientFlowTarget.loss),
                                    ("mse", .meanSquared, .loss), ("output", .halfSumOfSquares, .output)] {
            let norms = ReferenceNetwork.gradientFlow(parameters, inputs: inputs, targets: targets, loss: loss,
                                                      of: target)
            let expected = try #require(fixture.gradientFlow[key])
            #expect(norms.count == expected.count)
            for (got, want) in zip(norms, expected) {
                #expect(withinRelative(got, want, 1e-4), "\(name) \(key): \(got) vs \(want)")
            }
        }
    }

    /// With `of: output` nothing after the last step exists, so the last step's ‖∂L/∂h‖ of the top layer is
    /// ‖head.weightᵀ·1‖, and every norm is zero on an untrained network with a zero head.
    @Test func outputFlowStartsAtTheHead() throws {
        let fixture = try IntrospectionFixture.load("gru_2layer")
        let parameters = fixture.stateDict.converted(to: Double.self)
        let inputs = fixture.data.inputs[0].map { $0.map(Double.init) }
        let norms = ReferenceNetwork.gradientFlow(parameters, inputs: inputs, targets: inputs.map { _ in [0, 0] },
                                                  loss: .halfSumOfSquares, of: .output)
        let head = try #require(parameters["head.weight"]), hidden = head.shape[1]
        let columnSums = (0..<hidden).map { j in (0..<head.shape[0]).reduce(0.0) { $0 + head.values[$1 * hidden + j] } }
        let expected = columnSums.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(abs(norms[1][inputs.count - 1] - expected) <= 1e-12 * expected)
    }
}
