import ElmanCore
import Testing

/// The reference back-propagation (in Double) against central finite differences of the window's summed loss,
/// with the window's incoming context held constant, as truncation prescribes.
@Suite("Gradients vs finite differences")
struct GradientCheckTests {
    /// Windows of 1 and 3 steps entering with the non-zero context left by the first four steps, and full BPTT:
    /// all 29 steps of a 30-point series from a zero context.
    @Test("∂loss/∂W1 and ∂loss/∂W2 match central differences", arguments: zip([1, 3, 29], [4, 4, 0]))
    func gradients(window: Int, start: Int) {
        let network = ReferenceElman.Network<Double>(ElmanWeights.random(hiddenSize: 5, seed: 11))
        let series = Series.sine(points: 30).map(Double.init)
        var context = [Double](repeating: 0, count: network.hiddenSize)
        for x in series[0..<start] { context = network.step(x, context: context).context }
        let inputs = Array(series[start..<(start + window)]), targets = Array(series[(start + 1)...(start + window)])
        let pass = network.backpropagate(inputs: inputs, targets: targets, context: context)

        func numeric(_ perturb: (inout ReferenceElman.Network<Double>, Double) -> Void) -> Double {
            let h = 1e-6
            var plus = network, minus = network
            perturb(&plus, h)
            perturb(&minus, -h)
            return (plus.loss(inputs: inputs, targets: targets, context: context)
                - minus.loss(inputs: inputs, targets: targets, context: context)) / (2 * h)
        }
        func close(_ analytic: Double, _ estimate: Double) -> Bool {
            abs(analytic - estimate) <= 1e-7 * max(1, abs(analytic))
        }
        for i in network.w1.indices {
            for j in network.w1[i].indices {
                let estimate = numeric { $0.w1[i][j] += $1 }
                #expect(close(pass.w1[i][j], estimate), "W1[\(i)][\(j)]: \(pass.w1[i][j]) vs \(estimate)")
            }
        }
        for j in network.w2.indices {
            let estimate = numeric { $0.w2[j] += $1 }
            #expect(close(pass.w2[j], estimate), "W2[\(j)]: \(pass.w2[j]) vs \(estimate)")
        }
    }

    @Test("the gradient is not trivially zero, and later steps reach earlier weights only within a window")
    func truncationCutsTheGraph() {
        let network = ReferenceElman.Network<Double>(ElmanWeights.random(hiddenSize: 4, seed: 3))
        let series = Series.sine().map(Double.init)
        let zero = [Double](repeating: 0, count: 4)
        // With a zero incoming context, one step's W1 context rows get no gradient; two steps give them some.
        let single = network.backpropagate(inputs: [series[0]], targets: [series[1]], context: zero)
        let double = network.backpropagate(inputs: Array(series[0..<2]), targets: Array(series[1..<3]), context: zero)
        #expect(single.w1[1...].allSatisfy { $0.allSatisfy { $0 == 0 } })
        #expect(double.w1[1...].contains { $0.contains { $0 != 0 } })
        #expect(single.w2.contains { $0 != 0 })
    }
}
