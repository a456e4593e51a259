/// An optimiser with its state (step count and per-parameter buffers), carried across windows and epochs of one
/// job. `step` applies torch.optim's update to every parameter p with gradient g, its coefficients computed in
/// Double (as PyTorch's Python floats) and rounded to `Scalar`:
///
/// SGD(lr, momentum μ, nesterov, weight decay λ):
///
///     g ← g + λp  (if λ ≠ 0)
///     if μ ≠ 0:  b ← g at the first step, else b ← μb + g;   g ← g + μb if nesterov, else g ← b
///     p ← p − lr·g
///
/// Adam / AdamW(lr, β1, β2, ε, λ), at step t = 1, 2, …:
///
///     Adam: g ← g + λp (if λ ≠ 0)          AdamW: p ← p·(1 − lr·λ)
///     m ← m + (1 − β1)(g − m)              v ← β2·v + (1 − β2)·g²
///     p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)
public struct OptimizerState<Scalar: ReferenceScalar>: Sendable {
    public let optimizer: Optimizer
    /// Steps taken so far.
    public private(set) var steps = 0
    /// SGD's momentum buffers b, or Adam's first moments m; one per parameter tensor (empty until needed).
    private var first: [[Scalar]]
    /// Adam's second moments v (empty for SGD).
    private var second: [[Scalar]]
    /// β1ᵗ and β2ᵗ after `steps` steps (Adam only).
    private var beta1Power = 1.0, beta2Power = 1.0

    /// A fresh state for parameters shaped like `parameters`.
    public init(_ optimizer: Optimizer, for parameters: StateDict<Scalar>) {
        self.optimizer = optimizer
        let zeros = parameters.tensors.map { [Scalar](repeating: 0, count: $0.values.count) }
        first = zeros
        if case .sgd = optimizer { second = [] } else { second = zeros }
    }

    /// One update of `parameters` with `gradients` (same network).
    public mutating func step(_ parameters: inout StateDict<Scalar>, gradients: StateDict<Scalar>) {
        steps += 1
        switch optimizer {
        case .sgd: break
        case .adam(let adam), .adamW(let adam):
            beta1Power *= adam.beta1
            beta2Power *= adam.beta2
        }
        for index in parameters.tensors.indices {
            let g = gradients.tensors[index].values
            switch optimizer {
            case .sgd(let sgd): stepSGD(sgd, &parameters.tensors[index].values, g, index)
            case .adam(let adam): stepAdam(adam, decoupled: false, &parameters.tensors[index].values, g, index)
            case .adamW(let adam): stepAdam(adam, decoupled: true, &parameters.tensors[index].values, g, index)
            }
        }
    }

    private mutating func stepSGD(_ sgd: Optimizer.SGD, _ p: inout [Scalar], _ gradient: [Scalar], _ index: Int) {
        let lr = Scalar(sgd.lr), momentum = Scalar(sgd.momentum), decay = Scalar(sgd.weightDecay)
        for j in p.indices {
            var g = gradient[j]
            if sgd.weightDecay != 0 { g += decay * p[j] }
            if sgd.momentum != 0 {
                first[index][j] = steps == 1 ? g : momentum * first[index][j] + g
                g = sgd.nesterov ? g + momentum * first[index][j] : first[index][j]
            }
            p[j] -= lr * g
        }
    }

    private mutating func stepAdam(
        _ adam: Optimizer.Adam, decoupled: Bool, _ p: inout [Scalar], _ gradient: [Scalar], _ index: Int
    ) {
        let stepSize = Scalar(adam.lr / (1 - beta1Power))
        let correction2Root = Scalar((1 - beta2Power).squareRoot())
        let decay = Scalar(adam.weightDecay), shrink = Scalar(1 - adam.lr * adam.weightDecay)
        let oneMinusBeta1 = Scalar(1 - adam.beta1), beta2 = Scalar(adam.beta2), oneMinusBeta2 = Scalar(1 - adam.beta2)
        let eps = Scalar(adam.eps)
        for j in p.indices {
            var g = gradient[j]
            if adam.weightDecay != 0 {
                if decoupled { p[j] *= shrink } else { g += decay * p[j] }
            }
            first[index][j] += oneMinusBeta1 * (g - first[index][j])
            second[index][j] = beta2 * second[index][j] + oneMinusBeta2 * (g * g)
            p[j] -= stepSize * (first[index][j] / (second[index][j].squareRoot() / correction2Root + eps))
        }
    }
}
