/// An optimiser as torch.optim describes it (amsgrad, maximize, dampening and the like keep PyTorch's defaults:
/// off, off, 0). Defaults are torch.optim's. The update rules are in `OptimizerState.step`.
public enum Optimizer: Equatable, Hashable, Sendable {
    /// torch.optim.SGD.
    case sgd(SGD)
    /// torch.optim.Adam: weight decay is L2, added to the gradient.
    case adam(Adam)
    /// torch.optim.AdamW: weight decay is decoupled, p ← p − lr·wd·p before the Adam update.
    case adamW(Adam)

    public struct SGD: Equatable, Hashable, Sendable {
        public var lr: Double
        public var momentum: Double
        public var nesterov: Bool
        public var weightDecay: Double

        public init(lr: Double = 1e-3, momentum: Double = 0, nesterov: Bool = false, weightDecay: Double = 0) {
            self.lr = lr
            self.momentum = momentum
            self.nesterov = nesterov
            self.weightDecay = weightDecay
        }
    }

    public struct Adam: Equatable, Hashable, Sendable {
        public var lr: Double
        public var beta1: Double
        public var beta2: Double
        public var eps: Double
        public var weightDecay: Double

        /// Adam's defaults; AdamW's default weight decay is 0.01 (`Optimizer.adamWDefaultWeightDecay`).
        public init(lr: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8,
                    weightDecay: Double = 0)
        {
            self.lr = lr
            self.beta1 = beta1
            self.beta2 = beta2
            self.eps = eps
            self.weightDecay = weightDecay
        }
    }

    /// torch.optim.AdamW's default weight_decay.
    public static let adamWDefaultWeightDecay = 0.01

    /// The seed's optimiser: plain SGD at learning rate 0.1.
    public static let seed = Optimizer.sgd(SGD(lr: 0.1))

    /// What torch.optim accepts: lr, momentum, weight decay and eps ≥ 0 and finite, betas in [0, 1), and Nesterov
    /// only with a positive momentum.
    public var isValid: Bool {
        func nonNegative(_ values: Double...) -> Bool { values.allSatisfy { $0.isFinite && $0 >= 0 } }
        switch self {
        case .sgd(let sgd):
            return nonNegative(sgd.lr, sgd.momentum, sgd.weightDecay) && (!sgd.nesterov || sgd.momentum > 0)
        case .adam(let adam), .adamW(let adam):
            return nonNegative(adam.lr, adam.eps, adam.weightDecay) && adam.beta1 < 1 && adam.beta2 < 1
                && nonNegative(adam.beta1, adam.beta2)
        }
    }
}
