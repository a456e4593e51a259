/// Teacher-forced outputs: runs the network over `inputs` from a zero context and returns y_t for every input
/// (so output t is the prediction of the value following inputs[t]). Empty inputs give []. Any collection of
/// floats, so a sequence of a flat batch (`SequenceBatch.sequence(_:)`) is read where it lies.
public func predict(_ weights: ElmanWeights, inputs: some Collection<Float>) -> [Float] {
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

/// The network in padded storage plus its running context, for inference one input at a time.
struct RunningCell {
    private let layout: PaddedLayout
    private var w1: [Float]
    private var w2: [Float]
    private var context: [Float]
    private var next: [Float]

    /// Starts from a zero context.
    init(_ weights: ElmanWeights) {
        layout = PaddedLayout(hidden: weights.hiddenSize)
        w1 = Array(repeating: 0, count: layout.w1Count)
        w2 = Array(repeating: 0, count: layout.lanes)
        context = w2
        next = w2
        w1.withUnsafeMutableBufferPointer { w1 in
            w2.withUnsafeMutableBufferPointer { w2 in layout.store(weights, w1: w1.baseAddress!, w2: w2.baseAddress!) }
        }
    }

    /// Advances the context with input `x` and returns the output y.
    mutating func step(_ x: Float) -> Float {
        let layout = layout
        let y = w1.withUnsafeBufferPointer { w1 in
            w2.withUnsafeBufferPointer { w2 in
                context.withUnsafeBufferPointer { context in
                    next.withUnsafeMutableBufferPointer { next in
                        forward(x: x, context: context.baseAddress!, w1: w1.baseAddress!, into: next.baseAddress!,
                                layout: layout)
                        return output(h: next.baseAddress!, w2: w2.baseAddress!, layout: layout)
                    }
                }
            }
        }
        swap(&context, &next)
        return y
    }
}
