/// Teacher-forced outputs: runs the network over `inputs` from a zero context and returns y_t for every input
/// (so output t is the prediction of the value following inputs[t]). Empty inputs give [].
public func predict(_ weights: ElmanWeights, inputs: [Float]) -> [Float] {
    var cell = RunningCell(weights)
    return [Float](filling: inputs.count) { outputs in
        inputs.withUnsafeBufferPointer { cell.advance(through: $0, outputs: outputs) }
    }
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
        var x = x, y: Float = 0
        withUnsafePointer(to: &x) { x in
            withUnsafeMutablePointer(to: &y) { y in
                advance(through: UnsafeBufferPointer(start: x, count: 1),
                        outputs: UnsafeMutableBufferPointer(start: y, count: 1))
            }
        }
        return y
    }

    /// Advances the context with each of `inputs` in turn, writing output t to `outputs[t]` (as many as inputs),
    /// with the storage held once for the whole run.
    mutating func advance(through inputs: UnsafeBufferPointer<Float>, outputs: UnsafeMutableBufferPointer<Float>) {
        let layout = layout
        w1.withUnsafeBufferPointer { w1 in
            w2.withUnsafeBufferPointer { w2 in
                context.withUnsafeMutableBufferPointer { context in
                    next.withUnsafeMutableBufferPointer { next in
                        var (h, spare) = (context.baseAddress!, next.baseAddress!)
                        for (t, x) in inputs.enumerated() {
                            forward(x: x, context: h, w1: w1.baseAddress!, into: spare, layout: layout)
                            outputs[t] = output(h: spare, w2: w2.baseAddress!, layout: layout)
                            swap(&h, &spare)
                        }
                        if h != context.baseAddress! { context.baseAddress!.update(from: h, count: layout.lanes) }
                    }
                }
            }
        }
    }
}
