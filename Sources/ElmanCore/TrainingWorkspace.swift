/// All memory one fast training run touches, carved from a single allocation made before the first epoch: the live
/// weights, their copy from the start of the epoch, the series, the window's contexts and outputs, the error signals
/// and, for windows longer than one step, the gradient accumulators. Epochs allocate nothing.
///
/// Layout of the window's contexts: `context(0)` is the context entering the window (zeros at the start of an
/// epoch, a constant for back-propagation) and `context(t + 1)` is h after the window's step t.
struct TrainingWorkspace: ~Copyable {
    let hidden: Int
    /// Steps per epoch: inputs are `series[0..<steps]`, targets `series[1...steps]`.
    let steps: Int
    /// Steps per weight update: min(truncation, steps).
    let window: Int
    let learningRate: Float

    private let memory: UnsafeMutableBufferPointer<Float>
    let series: UnsafeMutablePointer<Float>
    let w1: UnsafeMutablePointer<Float>
    let w2: UnsafeMutablePointer<Float>
    private let savedW1: UnsafeMutablePointer<Float>
    private let savedW2: UnsafeMutablePointer<Float>
    private let contexts: UnsafeMutablePointer<Float>
    private let outputs: UnsafeMutablePointer<Float>
    private let delta: UnsafeMutablePointer<Float>
    /// ∂loss/∂h flowing back into the step being back-propagated; stays zero when the window is one step.
    private let carry: UnsafeMutablePointer<Float>
    private let gradW1: UnsafeMutablePointer<Float>
    private let gradW2: UnsafeMutablePointer<Float>

    var w1Count: Int { (hidden + 1) * hidden }

    init(weights: ElmanWeights, series values: [Float], options: TrainingOptions) {
        hidden = weights.hiddenSize
        steps = values.count - 1
        window = min(options.truncation, steps)
        learningRate = options.learningRate
        let w1Count = (hidden + 1) * hidden
        let gradientCount = window > 1 ? w1Count + hidden : 0
        let total = values.count + 2 * (w1Count + hidden) + (window + 1) * hidden + window + 2 * hidden + gradientCount
        memory = .allocate(capacity: total)
        memory.initialize(repeating: 0)
        var next = memory.baseAddress!
        func take(_ count: Int) -> UnsafeMutablePointer<Float> {
            defer { next += count }
            return next
        }
        series = take(values.count)
        w1 = take(w1Count)
        w2 = take(hidden)
        savedW1 = take(w1Count)
        savedW2 = take(hidden)
        contexts = take((window + 1) * hidden)
        outputs = take(window)
        delta = take(hidden)
        carry = take(hidden)
        gradW1 = take(window > 1 ? w1Count : 0)
        gradW2 = take(window > 1 ? hidden : 0)
        series.update(from: values, count: values.count)
        w1.update(from: weights.w1, count: w1Count)
        w2.update(from: weights.w2, count: hidden)
    }

    deinit { memory.deallocate() }

    /// The live weights, copied out.
    var weights: ElmanWeights {
        ElmanWeights(
            unchecked: hidden, w1: Array(UnsafeBufferPointer(start: w1, count: w1Count)),
            w2: Array(UnsafeBufferPointer(start: w2, count: hidden)))
    }

    private func context(_ row: Int) -> UnsafeMutablePointer<Float> { contexts + row * hidden }
}

extension TrainingWorkspace: EpochRunner {
    func checkpoint() {
        savedW1.update(from: w1, count: w1Count)
        savedW2.update(from: w2, count: hidden)
    }

    func rollback() {
        w1.update(from: savedW1, count: w1Count)
        w2.update(from: savedW2, count: hidden)
    }

    var weightsAreFinite: Bool { allFinite(w1, count: w1Count) && allFinite(w2, count: hidden) }

    func runEpoch() -> Float {
        context(0).update(repeating: 0, count: hidden)
        return window == 1 ? runStepwiseEpoch() : runWindowedEpoch()
    }

    /// Truncation 1, the seed's loop: after each step's forward pass its gradient is applied straight to the weights
    /// (w ← w − lr·g fused into one pass), then the new context becomes the next step's constant input.
    private func runStepwiseEpoch() -> Float {
        var previous = context(0), current = context(1)
        var loss: Float = 0
        for t in 0..<steps {
            let x = series[t]
            let y = forwardStep(x: x, context: previous, next: current, w1: w1, w2: w2, hidden: hidden)
            let dy = y - series[t + 1]
            loss += dy * dy / 2
            backpropagateStep(dy: dy, h: current, carry: carry, w2: w2, delta: delta, hidden: hidden)
            addScaledOutput(scale: -learningRate, h: current, dy: dy, into: w2, hidden: hidden)
            addScaledOuter(scale: -learningRate, x: x, context: previous, delta: delta, into: w1, hidden: hidden)
            swap(&previous, &current)
        }
        return loss
    }

    /// Truncation k > 1: per window, a forward pass over its steps with fixed weights, back-propagation of the
    /// summed loss from the last step to the first (stopping at the window's incoming context), one SGD step.
    private func runWindowedEpoch() -> Float {
        var loss: Float = 0
        var start = 0
        while start < steps {
            let length = min(window, steps - start)
            let inputs = series + start, targets = series + start + 1
            for t in 0..<length {
                outputs[t] = forwardStep(
                    x: inputs[t], context: context(t), next: context(t + 1), w1: w1, w2: w2, hidden: hidden)
                let dy = outputs[t] - targets[t]
                loss += dy * dy / 2
            }
            gradW1.update(repeating: 0, count: w1Count)
            gradW2.update(repeating: 0, count: hidden)
            carry.update(repeating: 0, count: hidden)
            for t in (0..<length).reversed() {
                let dy = outputs[t] - targets[t], h = context(t + 1)
                addScaledOutput(scale: 1, h: h, dy: dy, into: gradW2, hidden: hidden)
                backpropagateStep(dy: dy, h: h, carry: carry, w2: w2, delta: delta, hidden: hidden)
                addScaledOuter(scale: 1, x: inputs[t], context: context(t), delta: delta, into: gradW1, hidden: hidden)
                if t > 0 { contextGradient(w1: w1, delta: delta, into: carry, hidden: hidden) }
            }
            addScaled(scale: -learningRate, gradW1, into: w1, count: w1Count)
            addScaled(scale: -learningRate, gradW2, into: w2, count: hidden)
            context(0).update(from: context(length), count: hidden)
            start += length
        }
        return loss
    }
}
