/// `OptimizerState`'s update rules (stated there, torch.optim's) on a flat `NetworkLayout` buffer, a segment of
/// whole blocks at a time, so that the fast path can update each row of parameters as soon as its gradient is
/// known. `beginStep()` starts one optimiser step (the step count, β1ᵗ, β2ᵗ and the Float coefficients computed
/// from Doubles as `OptimizerState` computes them); `update` then applies it to every segment exactly once.
///
/// The buffers `first` (SGD momentum or Adam's m) and `second` (Adam's v) are laid out like the parameters and
/// start at zero; the owner allocates them (`bufferCount` each) and keeps them for the job.
struct PaddedOptimizer {
    let optimizer: Optimizer
    let first: UnsafeMutablePointer<Float>
    let second: UnsafeMutablePointer<Float>
    private(set) var steps = 0
    private var beta1Power = 1.0, beta2Power = 1.0
    /// This step's coefficients: SGD uses lr, momentum, decay; Adam also stepSize, correction2Root, shrink and the
    /// betas and eps.
    private var lr: Float = 0, momentum: Float = 0, decay: Float = 0
    private var stepSize: Float = 0, correction2Root: Float = 0, shrink: Float = 0
    private var oneMinusBeta1: Float = 0, beta2: Float = 0, oneMinusBeta2: Float = 0, eps: Float = 0

    /// How many of `first` and `second` the optimiser uses: 1 and 0 for SGD with momentum, 0 and 0 without,
    /// 1 and 1 for Adam and AdamW (in units of the parameter count).
    static func bufferCount(_ optimizer: Optimizer) -> Int {
        switch optimizer {
        case .sgd(let sgd): sgd.momentum != 0 ? 1 : 0
        case .adam, .adamW: 2
        }
    }

    init(_ optimizer: Optimizer, first: UnsafeMutablePointer<Float>, second: UnsafeMutablePointer<Float>) {
        self.optimizer = optimizer
        self.first = first
        self.second = second
    }

    mutating func beginStep() {
        steps += 1
        switch optimizer {
        case .sgd(let sgd):
            (lr, momentum, decay) = (Float(sgd.lr), Float(sgd.momentum), Float(sgd.weightDecay))
        case .adam(let adam), .adamW(let adam):
            beta1Power *= adam.beta1
            beta2Power *= adam.beta2
            stepSize = Float(adam.lr / (1 - beta1Power))
            correction2Root = Float((1 - beta2Power).squareRoot())
            decay = Float(adam.weightDecay)
            shrink = Float(1 - adam.lr * adam.weightDecay)
            (oneMinusBeta1, beta2, oneMinusBeta2) = (Float(1 - adam.beta1), Float(adam.beta2), Float(1 - adam.beta2))
            eps = Float(adam.eps)
        }
    }

    /// Applies this step to the `lanes` parameters at `offset` of `parameters`, whose gradient is `gradient`
    /// (built block by block as it is needed).
    @inline(__always)
    func update(_ parameters: UnsafeMutablePointer<Float>, offset: Int, lanes: Int, gradient: GradientTerms) {
        let p = parameters + offset, m = first + offset, v = second + offset, blocks = lanes / Block.scalarCount
        // Copied to locals so that the loops keep them in registers (stores through p could alias `self`).
        let (lr, momentum, decay, stepSize, correction2Root) = (lr, momentum, decay, stepSize, correction2Root)
        let (shrink, oneMinusBeta1, beta2, oneMinusBeta2, eps) = (shrink, oneMinusBeta1, beta2, oneMinusBeta2, eps)
        switch optimizer {
        case .sgd(let sgd) where sgd.momentum == 0 && sgd.weightDecay == 0:
            if let (scale, row) = gradient.single {
                for b in 0..<blocks { store(load(p, block: b) - lr * (scale * load(row, block: b)), p, block: b) }
            } else {
                for b in 0..<blocks { store(load(p, block: b) - lr * gradient.block(b), p, block: b) }
            }
        case .sgd(let sgd):
            let decays = sgd.weightDecay != 0, first = steps == 1
            for b in 0..<blocks {
                var g = gradient.block(b), value = load(p, block: b)
                if decays { g += decay * value }
                if sgd.momentum != 0 {
                    let buffer = first ? g : momentum * load(m, block: b) + g
                    store(buffer, m, block: b)
                    g = sgd.nesterov ? g + momentum * buffer : buffer
                }
                store(value - lr * g, p, block: b)
            }
        case .adam(let adam), .adamW(let adam):
            let decoupled = if case .adamW = optimizer { true } else { false }, decays = adam.weightDecay != 0
            for b in 0..<blocks {
                var g = gradient.block(b), value = load(p, block: b)
                if decays {
                    if decoupled { value *= shrink } else { g += decay * value }
                }
                var mean = load(m, block: b)
                mean += oneMinusBeta1 * (g - mean)
                let square = beta2 * load(v, block: b) + oneMinusBeta2 * (g * g)
                store(mean, m, block: b)
                store(square, v, block: b)
                value -= stepSize * (mean / (square.squareRoot() / correction2Root + eps))
                store(value, p, block: b)
            }
        }
    }
}

/// A segment's gradient as a sum of scaled rows, Σ_{j<count} scales[j]·rows[j] (in order of j), read a block at a
/// time: the outer-product sums of a window's weight gradients.
struct GradientTerms {
    let scales: UnsafePointer<Float>
    let rows: UnsafePointer<UnsafeMutablePointer<Float>>
    let count: Int
    /// The first term, held by value (most windows have one term: k = 1, batch 1).
    private let firstScale: Float
    private let firstRow: UnsafeMutablePointer<Float>

    /// Precondition: count ≥ 1.
    init(scales: UnsafePointer<Float>, rows: UnsafePointer<UnsafeMutablePointer<Float>>, count: Int) {
        (self.scales, self.rows, self.count) = (scales, rows, count)
        (firstScale, firstRow) = (scales[0], rows[0])
    }

    /// The one term (s, v), when there is only one.
    var single: (Float, UnsafeMutablePointer<Float>)? { count == 1 ? (firstScale, firstRow) : nil }

    @inline(__always)
    func block(_ k: Int) -> Block {
        var g = firstScale * load(firstRow, block: k)
        if count > 1 {
            for j in 1..<count { g += scales[j] * load(rows[j], block: k) }
        }
        return g
    }
}
