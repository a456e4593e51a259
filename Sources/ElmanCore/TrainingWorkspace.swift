/// All memory one fast training run touches, carved from a single allocation made before the first epoch: the live
/// weights and their copy from the start of the epoch (padded as `PaddedLayout` describes), the series, the window's
/// contexts and outputs, the error signals and, for windows longer than one step, the gradient accumulators.
/// Epochs allocate nothing.
///
/// `context(0)` is the context entering the window (zeros at the start of an epoch, a constant for
/// back-propagation) and `context(t + 1)` is h after the window's step t. Truncation 1 rotates three rows instead.
struct TrainingWorkspace: ~Copyable {
    let layout: PaddedLayout
    /// Steps per epoch: inputs are `series[0..<steps]`, targets `series[1...steps]`.
    let steps: Int
    /// Steps per weight update: min(truncation, steps).
    let window: Int
    let learningRate: Float

    private let memory: UnsafeMutableBufferPointer<Float>
    private let series: UnsafeMutablePointer<Float>
    private let w1: UnsafeMutablePointer<Float>
    private let w2: UnsafeMutablePointer<Float>
    private let savedW1: UnsafeMutablePointer<Float>
    private let savedW2: UnsafeMutablePointer<Float>
    private let contexts: UnsafeMutablePointer<Float>
    private let outputs: UnsafeMutablePointer<Float>
    private let delta: UnsafeMutablePointer<Float>
    /// ∂loss/∂h flowing back into the step being back-propagated; stays zero when the window is one step.
    private let carry: UnsafeMutablePointer<Float>
    private let gradW1: UnsafeMutablePointer<Float>
    private let gradW2: UnsafeMutablePointer<Float>

    init(weights: ElmanWeights, series values: [Float], options: TrainingOptions) {
        layout = PaddedLayout(hidden: weights.hiddenSize)
        steps = values.count - 1
        window = min(options.truncation, steps)
        learningRate = options.learningRate
        let lanes = layout.lanes, w1Count = layout.w1Count
        let contextRows = max(window + 1, 3), gradients = window > 1
        let total = values.count + 2 * (w1Count + lanes) + contextRows * lanes + window + 2 * lanes
            + (gradients ? w1Count + lanes : 0)
        memory = .allocate(capacity: total)
        memory.initialize(repeating: 0)
        var next = memory.baseAddress!
        func take(_ count: Int) -> UnsafeMutablePointer<Float> {
            defer { next += count }
            return next
        }
        series = take(values.count)
        w1 = take(w1Count)
        w2 = take(lanes)
        savedW1 = take(w1Count)
        savedW2 = take(lanes)
        contexts = take(contextRows * lanes)
        outputs = take(window)
        delta = take(lanes)
        carry = take(lanes)
        gradW1 = take(gradients ? w1Count : 0)
        gradW2 = take(gradients ? lanes : 0)
        precondition(next == memory.baseAddress! + total, "workspace carving must use exactly what was allocated")
        series.update(from: values, count: values.count)
        layout.store(weights, w1: w1, w2: w2)
    }

    deinit { memory.deallocate() }

    /// The live weights, copied out in PyTorch's layout.
    var weights: ElmanWeights { layout.weights(w1: w1, w2: w2) }

    private func context(_ row: Int) -> UnsafeMutablePointer<Float> { contexts + row * layout.lanes }
}

extension TrainingWorkspace: EpochRunner {
    func checkpoint() {
        savedW1.update(from: w1, count: layout.w1Count)
        savedW2.update(from: w2, count: layout.lanes)
    }

    func rollback() {
        w1.update(from: savedW1, count: layout.w1Count)
        w2.update(from: savedW2, count: layout.lanes)
    }

    var weightsAreFinite: Bool { allFinite(w1, count: layout.w1Count) && allFinite(w2, count: layout.lanes) }

    func runEpoch(isCancelled: () -> Bool) -> Float? {
        context(0).update(repeating: 0, count: layout.lanes)
        let loss = window == 1 ? runStepwiseEpoch(isCancelled) : runWindowedEpoch(isCancelled)
        if loss == nil { rollback() }
        return loss
    }

    /// Truncation 1, the seed's loop: after each step its gradient is applied straight to the weights, and the pass
    /// that updates W1 also computes the next step's context (`descendAndForward`). Three context rows rotate:
    /// the step's input context, its output h, and the next step's h being written.
    private func runStepwiseEpoch(_ isCancelled: () -> Bool) -> Float? {
        var previous = context(0), current = context(1), upcoming = context(2)
        forward(x: series[0], context: previous, w1: w1, into: current, layout: layout)
        var loss: Float = 0, poll = CancellationPoll()
        for t in 0..<steps {
            if poll.shouldStop(before: t, isCancelled) { return nil }
            let dy = output(h: current, w2: w2, layout: layout) - series[t + 1]
            loss += dy * dy / 2
            backpropagate(dy: dy, h: current, carry: carry, w2: w2, into: delta, layout: layout)
            addOutputGradient(scale: -learningRate, h: current, dy: dy, into: w2, layout: layout)
            // series[t + 1] is the next input; after the last step the forward half computes a context left unused.
            descendAndForward(
                learningRate: learningRate, x: series[t], context: previous, delta: delta,
                nextX: series[t + 1], nextContext: current, w1: w1, into: upcoming, layout: layout)
            (previous, current, upcoming) = (current, upcoming, previous)
        }
        return loss
    }

    /// Truncation k > 1: per window, a forward pass over its steps with fixed weights, back-propagation of the
    /// summed loss from the last step to the first (stopping at the window's incoming context), one SGD step.
    private func runWindowedEpoch(_ isCancelled: () -> Bool) -> Float? {
        var loss: Float = 0, poll = CancellationPoll()
        var start = 0
        while start < steps {
            if poll.shouldStop(before: start, isCancelled) { return nil }
            let length = min(window, steps - start)
            let inputs = series + start, targets = series + start + 1
            for t in 0..<length {
                forward(x: inputs[t], context: context(t), w1: w1, into: context(t + 1), layout: layout)
                outputs[t] = output(h: context(t + 1), w2: w2, layout: layout)
                let dy = outputs[t] - targets[t]
                loss += dy * dy / 2
            }
            gradW1.update(repeating: 0, count: layout.w1Count)
            gradW2.update(repeating: 0, count: layout.lanes)
            carry.update(repeating: 0, count: layout.lanes)
            for t in (0..<length).reversed() {
                let dy = outputs[t] - targets[t], h = context(t + 1)
                addOutputGradient(scale: 1, h: h, dy: dy, into: gradW2, layout: layout)
                backpropagate(dy: dy, h: h, carry: carry, w2: w2, into: delta, layout: layout)
                accumulateInputGradient(x: inputs[t], context: context(t), delta: delta, into: gradW1, layout: layout)
                if t > 0 { contextGradient(w1: w1, delta: delta, into: carry, layout: layout) }
            }
            addScaled(scale: -learningRate, gradW1, into: w1, count: layout.w1Count)
            addScaled(scale: -learningRate, gradW2, into: w2, count: layout.lanes)
            context(0).update(from: context(length), count: layout.lanes)
            start += length
        }
        return loss
    }
}
