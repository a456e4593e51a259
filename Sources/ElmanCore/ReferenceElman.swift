/// The reference path: the seed's network written plainly with nested arrays, for reading and for checking the
/// fast path against. Same model, layout and training semantics as `train`, `predict` and `generate`.
public enum ReferenceElman {
    /// W1 as H + 1 rows of H (row 0 the input weights) and W2 as H values.
    public struct Network<Scalar: ReferenceScalar>: Equatable, Sendable {
        public var w1: [[Scalar]]
        public var w2: [Scalar]

        public var hiddenSize: Int { w2.count }

        /// Precondition: `w1` has `w2.count + 1` rows of `w2.count` values.
        public init(w1: [[Scalar]], w2: [Scalar]) {
            precondition(w1.count == w2.count + 1 && w1.allSatisfy { $0.count == w2.count }, "W1 must be (H+1)×H")
            self.w1 = w1
            self.w2 = w2
        }

        public init(_ weights: ElmanWeights) {
            let n = weights.hiddenSize
            w1 = (0...n).map { row in weights.w1[row * n..<(row + 1) * n].map { Scalar($0) } }
            w2 = weights.w2.map { Scalar($0) }
        }

        /// One step: h = tanh(x · W1[0] + Σ_i context[i] · W1[i+1]), y = Σ_j h[j] · W2[j].
        public func step(_ x: Scalar, context: [Scalar]) -> (output: Scalar, context: [Scalar]) {
            var a = w1[0].map { x * $0 }
            for (c, row) in zip(context, w1[1...]) {
                for j in a.indices { a[j] += c * row[j] }
            }
            let h = a.map { Scalar.hyperbolicTangent($0) }
            var y: Scalar = 0
            for j in h.indices { y += h[j] * w2[j] }
            return (y, h)
        }

        /// The summed loss Σ_t (y_t − target_t)²/2 of a window run forward from `context` (used for finite
        /// differences).
        public func loss(inputs: [Scalar], targets: [Scalar], context: [Scalar]) -> Scalar {
            backpropagate(inputs: inputs, targets: targets, context: context).losses.reduce(0, +)
        }

        /// Forward through a window from `context` (a constant), then back-propagation of its summed loss:
        ///
        ///     dy_t = y_t − target_t                      ∂W2 += h_t · dy_t
        ///     δ_t  = (dy_t · W2 + carry) ⊙ (1 − h_t²)     ∂W1 += [x_t, h_{t−1}]ᵀ · δ_t
        ///     carry = W1[1…H] · δ_t  (∂loss/∂h_{t−1}; zero entering the last step)
        ///
        /// from the last step to the first.
        public func backpropagate(inputs: [Scalar], targets: [Scalar], context: [Scalar]) -> Backpropagation<Scalar> {
            var contexts = [context], outputs: [Scalar] = []
            for x in inputs {
                let (y, h) = step(x, context: contexts[contexts.count - 1])
                outputs.append(y)
                contexts.append(h)
            }
            let losses = zip(outputs, targets).map { y, target in (y - target) * (y - target) / 2 }
            var g1 = w1.map { $0.map { _ in Scalar(0) } }, g2 = w2.map { _ in Scalar(0) }
            var carry = w2.map { _ in Scalar(0) }
            for t in inputs.indices.reversed() {
                let dy = outputs[t] - targets[t], h = contexts[t + 1], xh = [inputs[t]] + contexts[t]
                for j in g2.indices { g2[j] += h[j] * dy }
                let delta = h.indices.map { j in (dy * w2[j] + carry[j]) * (1 - h[j] * h[j]) }
                for (i, value) in xh.enumerated() {
                    for j in delta.indices { g1[i][j] += value * delta[j] }
                }
                carry = w1[1...].map { row in zip(row, delta).reduce(0) { $0 + $1.0 * $1.1 } }
            }
            return Backpropagation(losses: losses, w1: g1, w2: g2, context: contexts[contexts.count - 1])
        }

        /// Plain SGD: w ← w − learningRate · g.
        public mutating func descend(_ gradients: Backpropagation<Scalar>, learningRate: Scalar) {
            for i in w1.indices {
                for j in w1[i].indices { w1[i][j] -= learningRate * gradients.w1[i][j] }
            }
            for j in w2.indices { w2[j] -= learningRate * gradients.w2[j] }
        }

        public var isFinite: Bool { w1.allSatisfy { $0.allSatisfy(\.isFinite) } && w2.allSatisfy(\.isFinite) }
    }

    /// What back-propagating a window yields: each step's loss, ∂(Σ loss)/∂W1 and ∂/∂W2 (shaped like the
    /// network's weights), and the context after the window's last step.
    public struct Backpropagation<Scalar: ReferenceScalar>: Equatable, Sendable {
        public var losses: [Scalar]
        public var w1: [[Scalar]]
        public var w2: [Scalar]
        public var context: [Scalar]
    }
}

extension ReferenceElman.Network where Scalar == Float {
    /// Back to the flat PyTorch layout. Precondition: every weight is finite.
    public var weights: ElmanWeights {
        precondition(isFinite, "non-finite weights")
        return ElmanWeights(unchecked: hiddenSize, w1: w1.flatMap { $0 }, w2: w2)
    }
}
