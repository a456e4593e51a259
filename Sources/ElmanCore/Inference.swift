/// Teacher-forced outputs: runs the network over `inputs` from a zero context and returns y_t for every input
/// (so output t is the prediction of the value following inputs[t]). Empty inputs give [].
public func predict(_ weights: ElmanWeights, inputs: [Float]) -> [Float] {
    var cell = RunningCell(weights)
    return inputs.map { cell.step($0) }
}

/// Free-running generation: from a zero context, runs over `prime`, then `steps` times appends the current output
/// and feeds it back as the next input. values[0] is the prediction of what follows prime's last value.
/// Preconditions: `prime` is not empty, `steps ≥ 0`.
public func generate(_ weights: ElmanWeights, prime: [Float], steps: Int) -> [Float] {
    precondition(!prime.isEmpty, "generation needs at least one prime value")
    precondition(steps >= 0, "steps must not be negative")
    var cell = RunningCell(weights)
    var y: Float = 0
    for x in prime { y = cell.step(x) }
    var values: [Float] = []
    values.reserveCapacity(steps)
    for index in 0..<steps {
        values.append(y)
        if index + 1 < steps { y = cell.step(y) }
    }
    return values
}

/// The network plus its running context, for inference one input at a time.
struct RunningCell {
    private let weights: ElmanWeights
    private var context: [Float]
    private var next: [Float]

    /// Starts from a zero context.
    init(_ weights: ElmanWeights) {
        self.weights = weights
        context = Array(repeating: 0, count: weights.hiddenSize)
        next = context
    }

    /// Advances the context with input `x` and returns the output y.
    mutating func step(_ x: Float) -> Float {
        let n = weights.hiddenSize
        let y = weights.w1.withUnsafeBufferPointer { w1 in
            weights.w2.withUnsafeBufferPointer { w2 in
                context.withUnsafeBufferPointer { context in
                    next.withUnsafeMutableBufferPointer { next in
                        forwardStep(
                            x: x, context: context.baseAddress!, next: next.baseAddress!,
                            w1: w1.baseAddress!, w2: w2.baseAddress!, hidden: n)
                    }
                }
            }
        }
        swap(&context, &next)
        return y
    }
}
