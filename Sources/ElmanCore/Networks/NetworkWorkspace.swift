/// All memory one fast training run of a general network touches, carved from a single allocation made before the
/// first epoch: the parameters (`NetworkLayout`) and their copy from the start of the epoch, the optimiser's
/// buffers, the gradient (only when clipping or measuring its norm needs it whole), the data, and the window's tape.
/// Epochs allocate nothing. Training follows `ReferenceNetwork.train` step for step (see `runEpoch`);
/// `FastNetwork.train` runs it.
///
/// The tape, for layer l, window step t (0 ≤ t < k) and sequence b: h(l, t, b) is the state entering step t
/// (h(l, 0, b) enters the window, a constant for back-propagation) and h(l, t + 1, b) the one it produced, likewise
/// c for LSTM; gates(l, t, b) the activated gates, auxiliary(l, t, b) tanh c′ (LSTM) or h_n (GRU),
/// deltaInput/deltaHidden(l, t, b) ∂loss/∂ of the pre-activations W_ih x + b_ih and W_hh h + b_hh (one buffer for
/// rnn and LSTM, where they are equal); errors(t, b) ∂loss/∂y. Padding lanes stay zero (`NetworkLayout`).
struct NetworkWorkspace: ~Copyable {
    let layout: NetworkLayout
    let batch: Int
    /// Steps per epoch, T − 1.
    let steps: Int
    /// min(truncation, steps).
    let window: Int
    let loss: Loss
    let clipGradNorm: Double?
    /// Whether each window's global gradient norm (before clipping) is measured (`gradientNormTotal`).
    let measuresGradientNorm: Bool
    /// The whole gradient is built before the optimiser step: for clipping or for measuring its norm.
    private let storesGradient: Bool
    /// Which products go through OpenBLAS.
    let routing: MatrixRouting
    /// The window's weight gradients are sgemm products (routing.gradient, and k·B > 1): built in `gradient`.
    private let multipliesGradient: Bool
    /// The learning rate of plain SGD (no momentum, no weight decay) when windows of one step on one sequence,
    /// without clipping or measuring, defer the first layer's weight update into the next window's forward product
    /// (`updateAndAccumulateRows`: W read and written once per step instead of read twice and written once, what
    /// big k = 1 jobs are bound by), or, past `routing.pendingRank`'s crossover, keep its hidden rows' updates
    /// pending (`pending`); nil otherwise.
    private let deferredRate: Float?
    /// With `deferredRate` and `routing.pendingRank` > 1: the first layer's hidden-row updates pending.
    private let pending: PendingUpdates?
    var optimizer: PaddedOptimizer
    /// With `measuresGradientNorm`: the sum of the current epoch's window gradient norms, and its window count.
    private(set) var gradientNormTotal: Double = 0
    private(set) var gradientNormWindows = 0

    private let memory: UnsafeMutableBufferPointer<Float>
    private let parameters: UnsafeMutablePointer<Float>
    private let saved: UnsafeMutablePointer<Float>
    /// The whole gradient, when clipping or measuring needs its norm before any update (otherwise gradients are
    /// applied block by block as they are built); with `multipliesGradient` also where the sgemm products land.
    private let gradient: UnsafeMutablePointer<Float>
    /// B × steps × D and B × steps × O.
    private let inputs: UnsafeMutablePointer<Float>
    private let targets: UnsafeMutablePointer<Float>
    private let hidden: UnsafeMutablePointer<Float>
    private let cells: UnsafeMutablePointer<Float>
    private let gateValues: UnsafeMutablePointer<Float>
    private let auxiliaries: UnsafeMutablePointer<Float>
    private let inputDeltas: UnsafeMutablePointer<Float>
    private let hiddenDeltas: UnsafeMutablePointer<Float>
    private let errorValues: UnsafeMutablePointer<Float>
    /// ∂loss/∂h and ∂loss/∂c reaching each layer and sequence from the next step (L × B × Hp each).
    private let carryH: UnsafeMutablePointer<Float>
    private let carryC: UnsafeMutablePointer<Float>
    /// Scratch of one cell step: GRU's W_hh h + b_hh (C), the ∂h′ arriving (Hp), the ∂x sent below (Hp), GRU's
    /// direct ∂h (Hp).
    private let hiddenPre: UnsafeMutablePointer<Float>
    /// The gradient terms of the segment being updated (`GradientTerms`), k·B of each.
    private let termScales: UnsafeMutablePointer<Float>
    private let termRows: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
    private let arriving: UnsafeMutablePointer<Float>
    private let below: UnsafeMutablePointer<Float>
    private let directH: UnsafeMutablePointer<Float>
    /// With a deferred update one step at a time: the first layer's h entering the step whose update is pending (Hp).
    private let deferredH: UnsafeMutablePointer<Float>

    /// `measuresGradientNorm` makes every window build its whole gradient first, as clipping does (the same
    /// updates, to the bit), and measure its norm. `routing` defaults to the measured crossovers
    /// (`MatrixRouting(measuredFor:)`).
    init(parameters initial: StateDict<Float>, data: TrainingSequences, options: NetworkTrainingOptions,
         measuresGradientNorm: Bool = false, routing: MatrixRouting? = nil) {
        options.checkTraining(initial.network, on: data)
        let network = initial.network
        layout = NetworkLayout(network)
        batch = data.batch.count
        steps = data.steps
        window = min(options.truncation, steps)
        loss = options.loss
        clipGradNorm = options.clipGradNorm
        self.measuresGradientNorm = measuresGradientNorm
        let count = layout.count, hp = layout.hiddenLanes, c = layout.gateLanes, layers = network.numLayers
        let buffers = PaddedOptimizer.bufferCount(options.optimizer)
        let stateRows = layers * (window + 1) * batch, stepRows = layers * window * batch
        let isGRU = network.cell == .gru
        storesGradient = options.clipGradNorm != nil || measuresGradientNorm
        self.routing = routing ?? MatrixRouting(measuredFor: network, termsPerWindow: window * batch)
        multipliesGradient = self.routing.gradient && window * batch > 1
        if case .sgd(let sgd) = options.optimizer, sgd.momentum == 0, sgd.weightDecay == 0, window == 1, batch == 1,
           !storesGradient {
            deferredRate = Float(sgd.lr)
        } else {
            deferredRate = nil
        }
        let pendingRank = deferredRate == nil ? 1 : self.routing.pendingRank
        let pendingFloats = pendingRank > 1 ? PendingUpdates.floats(capacity: pendingRank, zStride: hp, lanes: c) : 0
        var sizes = [count, count, storesGradient || multipliesGradient ? count : 0,
                     batch * steps * network.inputSize, batch * steps * network.outputSize]
        sizes += [stateRows * hp, network.cell == .lstm ? stateRows * hp : 0, stepRows * c, stepRows * hp,
                  stepRows * c, isGRU ? stepRows * c : 0, window * batch * layout.outputLanes]
        sizes += [layers * batch * hp, layers * batch * hp, c, window * batch, hp, hp, hp, hp,
                  count * min(buffers, 1), count * max(buffers - 1, 0), pendingFloats]
        memory = WorkspaceMemory.floats(count: sizes.reduce(0, +))
        var next = memory.baseAddress!, index = 0
        func take() -> UnsafeMutablePointer<Float> {
            defer { next += sizes[index]; index += 1 }
            return next
        }
        (parameters, saved, gradient, inputs, targets) = (take(), take(), take(), take(), take())
        (hidden, cells, gateValues, auxiliaries, inputDeltas) = (take(), take(), take(), take(), take())
        let gruDeltas = take()
        hiddenDeltas = isGRU ? gruDeltas : inputDeltas
        errorValues = take()
        (carryH, carryC, hiddenPre, termScales) = (take(), take(), take(), take())
        (arriving, below, directH, deferredH) = (take(), take(), take(), take())
        termRows = .allocate(capacity: window * batch)
        optimizer = PaddedOptimizer(options.optimizer, first: take(), second: take())
        let pendingMemory = take()
        // Zeroed: what may be read before it is written, everything from the gradient up to the pending slots (the
        // data, the tape, the carries, the optimiser's buffers, …). Left as they are: the parameters (`store`
        // writes all of them, padding included), `saved`, written by `checkpoint()` before `rollback()` reads it,
        // and the pending slots, each stored before it is read.
        gradient.initialize(repeating: 0, count: pendingMemory - gradient)
        pending = pendingRank > 1
            ? PendingUpdates(capacity: pendingRank, rows: network.hiddenSize, zStride: hp, lanes: c,
                             memory: pendingMemory)
            : nil
        precondition(index == sizes.count && next == memory.baseAddress! + memory.count,
                     "workspace carving must use exactly what was allocated")
        layout.store(initial, into: parameters)
        Self.copy(data, inputs: inputs, targets: targets)
    }

    /// Copies rows 0…T−2 of every sequence of `data` to `inputs` (B·(T − 1)·D values) and the target columns of
    /// rows 1…T−1 to `targets` (B·(T − 1)·O values), sequence after sequence, step after step, from the flat values.
    private static func copy(_ data: TrainingSequences, inputs: UnsafeMutablePointer<Float>,
                             targets: UnsafeMutablePointer<Float>) {
        let rows = data.batch.length, width = data.batch.width, steps = data.steps
        data.batch.values.withUnsafeBufferPointer { values in
            var target = targets
            for b in 0..<data.batch.count {
                let sequence = values.baseAddress! + b * rows * width
                (inputs + b * steps * width).update(from: sequence, count: steps * width)
                for t in 1..<rows {
                    for column in data.targets {
                        target.pointee = sequence[t * width + column]
                        target += 1
                    }
                }
            }
        }
    }

    deinit {
        WorkspaceMemory.release(memory)
        termRows.deallocate()
    }

    /// The live parameters as a state_dict.
    var stateDict: StateDict<Float> { layout.stateDict(parameters) }

    /// Copies the live parameters to `target` (`layout.count` Floats).
    func copyParameters(to target: UnsafeMutablePointer<Float>) { target.update(from: parameters, count: layout.count) }

    /// Replaces the live parameters with `source`'s (`layout.count` Floats).
    func loadParameters(from source: UnsafePointer<Float>) { parameters.update(from: source, count: layout.count) }

    /// Replaces the live parameters with those of `other`, a workspace of the same network.
    func loadParameters(of other: borrowing NetworkWorkspace) { loadParameters(from: other.parameters) }

    /// The loss of the live parameters over this workspace's data, forward only from zero states: every step of
    /// every sequence as one window of `loss` (`ReferenceNetwork.loss`). Needs a workspace made with truncation 1,
    /// whose window losses are Σe²/2 or Σe²/(B·O) per step: their sum is the whole loss, divided by the steps for mse.
    func forwardLoss() -> Float {
        precondition(window == 1, "forwardLoss needs a workspace of one-step windows")
        resetStates()
        var total: Float = 0
        for start in 0..<steps {
            total += forwardWindow(start: start, length: 1)
            carryStates(length: 1)
        }
        return loss == .meanSquared ? total / Float(steps) : total
    }

    // MARK: The tape's rows

    private func h(_ l: Int, _ t: Int, _ b: Int) -> UnsafeMutablePointer<Float> {
        hidden + ((l * (window + 1) + t) * batch + b) * layout.hiddenLanes
    }
    private func c(_ l: Int, _ t: Int, _ b: Int) -> UnsafeMutablePointer<Float> {
        cells + ((l * (window + 1) + t) * batch + b) * layout.hiddenLanes
    }
    private func stepRow(_ base: UnsafeMutablePointer<Float>, _ l: Int, _ t: Int, _ b: Int, lanes: Int)
        -> UnsafeMutablePointer<Float>
    {
        base + ((l * window + t) * batch + b) * lanes
    }
    private func tape(_ l: Int, _ t: Int, _ b: Int) -> CellTape {
        CellTape(hPrevious: h(l, t, b), cPrevious: c(l, t, b),
                 gates: stepRow(gateValues, l, t, b, lanes: layout.gateLanes),
                 auxiliary: stepRow(auxiliaries, l, t, b, lanes: layout.hiddenLanes), h: h(l, t + 1, b),
                 c: c(l, t + 1, b))
    }
    private func errors(_ t: Int, _ b: Int) -> UnsafeMutablePointer<Float> {
        errorValues + (t * batch + b) * layout.outputLanes
    }
    private func carry(_ base: UnsafeMutablePointer<Float>, _ l: Int, _ b: Int) -> UnsafeMutablePointer<Float> {
        base + (l * batch + b) * layout.hiddenLanes
    }
    /// Layer l's input at window step t of sequence b (D_l values): the data row for layer 0, else h′ of the layer
    /// below.
    private func layerInput(_ l: Int, _ t: Int, _ b: Int, start: Int) -> UnsafeMutablePointer<Float> {
        l == 0 ? inputs + (b * steps + start + t) * layout.network.inputSize : h(l - 1, t + 1, b)
    }
}

extension NetworkWorkspace: EpochRunner {
    func checkpoint() { saved.update(from: parameters, count: layout.count) }
    func rollback() { parameters.update(from: saved, count: layout.count) }
    var weightsAreFinite: Bool { allFinite(parameters, count: layout.count) }

    /// One epoch as `ReferenceNetwork.Trainer.runEpoch`: zero states; per window of at most `window` steps, the
    /// forward pass (`forwardWindow`), back-propagation (`backwardWindow`), one optimiser step (`beginStep`, `step`),
    /// and the states at the window's end carried into the next as constants. Returns the Float sum of the window
    /// losses; nil, the parameters restored to the epoch's start, once `isCancelled()` is true between windows
    /// (`CancellationPoll`). With `deferredRate` the first layer's weights get each window's step at the start of
    /// the next window's forward pass (the same bits); a loop that ends must still end with `applyDeferred` as this
    /// one does, so that no update stays pending between epochs (a cancelled epoch's rollback drops it with the rest).
    mutating func runEpoch(isCancelled: () -> Bool) -> Float? {
        resetStates()
        (gradientNormTotal, gradientNormWindows) = (0, 0)
        var total: Float = 0, start = 0, poll = CancellationPoll(), deferred: Int?
        while start < steps {
            if poll.shouldStop(before: start, isCancelled) {
                rollback()
                return nil
            }
            let length = min(window, steps - start)
            total += forwardWindow(start: start, length: length, deferredFrom: deferred)
            backwardWindow(start: start, length: length)
            optimizer.beginStep()
            if let norm = step(start: start, length: length, defersFirstLayer: deferredRate != nil) {
                gradientNormTotal += Double(norm)
                gradientNormWindows += 1
            }
            if deferredRate != nil {
                // The update's z (the h that entered this step) before the next window overwrites it: with pending
                // updates straight into its slot, with its δ, else for the fused update of the next step.
                if let pending {
                    pending.store(z: h(0, 0, 0), delta: stepRow(hiddenDeltas, 0, 0, 0, lanes: layout.gateLanes),
                                  in: pending.slot(afterStep: start))
                } else {
                    deferredH.update(from: h(0, 0, 0), count: layout.hiddenLanes)
                }
                deferred = start
            }
            carryStates(length: length)
            start += length
        }
        applyDeferred(from: deferred, into: nil)
        return total
    }

    /// The first layer's deferred weight update from the one-step window at `start` (nil: none): W[i] −= lr·z[i]·δ
    /// with z = [x; h] that step's input and δ its deltas; fused with the next step's products when `gates` (and
    /// for GRU `hiddenSum`) are given: gates += W_ihᵀx′ and hiddenSum += W_hhᵀh′ with x′, h′ the next step's.
    /// With `pending`, the hidden rows' update (stored in its slot at the end of its step, `runEpoch`) joins the
    /// pending ones instead, which are flushed when full or when no product follows (`gates` nil: the epoch's end),
    /// and hiddenSum gets the stored rows' product corrected by those still pending.
    private func applyDeferred(from start: Int?, into gates: UnsafeMutablePointer<Float>?,
                               hiddenSum: UnsafeMutablePointer<Float>? = nil) {
        guard let start, let lr = deferredRate else { return }
        let layer = layout.layers[0], lanes = layout.gateLanes, weights = parameters + layer.weights
        let hiddenRows = weights + layer.inputSize * lanes, hidden = layout.network.hiddenSize
        let delta = stepRow(hiddenDeltas, 0, 0, 0, lanes: lanes)
        updateAndAccumulateRows(into: gates, rows: weights, lanes: lanes, values: layerInput(0, 0, 0, start: start + 1),
                                count: layer.inputSize, previous: layerInput(0, 0, 0, start: start),
                                delta: stepRow(inputDeltas, 0, 0, 0, lanes: lanes), lr: lr)
        guard let pending else {
            updateAndAccumulateRows(into: hiddenSum, rows: hiddenRows, lanes: lanes, values: h(0, 0, 0),
                                    count: hidden, previous: deferredH, delta: delta, lr: lr)
            return
        }
        let count = pending.slot(afterStep: start) + 1
        let flushes = hiddenSum == nil || count == pending.capacity
        if flushes { pending.flush(into: hiddenRows, count: count, lr: lr) }
        guard let hiddenSum else { return }
        layout.accumulate(into: hiddenSum, rows: hiddenRows, values: h(0, 0, 0), count: hidden,
                          routed: routing.forward)
        if !flushes { pending.correct(hiddenSum, for: h(0, 0, 0), count: count, lr: lr) }
    }

    /// Zero states entering the first window.
    private func resetStates() {
        let network = layout.network, hp = layout.hiddenLanes
        for l in 0..<network.numLayers {
            for b in 0..<batch {
                h(l, 0, b).update(repeating: 0, count: hp)
                c(l, 0, b).update(repeating: 0, count: network.cell == .lstm ? hp : 0)
            }
        }
    }

    /// The states after a window of `length` steps become those entering the next.
    private func carryStates(length: Int) {
        let network = layout.network, hp = layout.hiddenLanes
        for l in 0..<network.numLayers {
            for b in 0..<batch {
                h(l, 0, b).update(from: h(l, length, b), count: hp)
                if network.cell == .lstm { c(l, 0, b).update(from: c(l, length, b), count: hp) }
            }
        }
    }

    /// The window's steps bottom-up through the layers, then the head, y = head.weight·h_top + head.bias; leaves
    /// ∂loss/∂y in `errors` and returns the window's loss (`Loss`: Σe²/2, or Σe²/N with ∂loss/∂y = 2e/N).
    private func forwardWindow(start: Int, length: Int, deferredFrom deferred: Int? = nil) -> Float {
        let network = layout.network, cell = network.cell
        var sum: Float = 0
        for t in 0..<length {
            for b in 0..<batch {
                for (l, layer) in layout.layers.enumerated() {
                    let tape = tape(l, t, b)
                    layout.startPreActivation(layer, parameters: parameters, gates: tape.gates, hiddenSum: hiddenPre)
                    if l == 0 && t == 0 && deferred != nil {
                        let hiddenSum = cell == .gru ? hiddenPre : tape.gates
                        applyDeferred(from: deferred, into: tape.gates, hiddenSum: hiddenSum)
                    } else {
                        layout.accumulateProducts(l, parameters: parameters, input: layerInput(l, t, b, start: start),
                                                  tape: tape, hiddenPre: hiddenPre, routed: routing.forward)
                    }
                    cell.activate(tape, hiddenPre: hiddenPre, hiddenLanes: layout.hiddenLanes)
                }
            }
            for b in 0..<batch {
                let top = h(network.numLayers - 1, t + 1, b), error = errors(t, b)
                let target = targets + (b * steps + start + t) * network.outputSize
                for o in 0..<network.outputSize {
                    let e = layout.output(o, parameters: parameters, top: top) - target[o]
                    error[o] = e
                    sum += loss == .halfSumOfSquares ? e * e / 2 : e * e
                }
            }
        }
        guard loss == .meanSquared else { return sum }
        let count = Float(length * batch * network.outputSize), scale = 2 / count
        for t in 0..<length {
            for b in 0..<batch {
                let error = errors(t, b)
                for o in 0..<network.outputSize { error[o] *= scale }
            }
        }
        return sum / count
    }

    /// Back-propagation through the window from its last step to its first, as `ReferenceNetwork.backward`: the
    /// head sends ∂h_top += head.weightᵀ·∂y; each layer top-down gets ∂h′ = (its ∂h from step t + 1) + (∂x from
    /// the layer above, or the head's), fills its deltas, sends ∂x = W_ihᵀ·δ_ih below and, unless t is the window's
    /// first step, ∂h = W_hhᵀ·δ_hh (+ ∂h′ ⊙ z for GRU) and ∂c back to step t − 1.
    private func backwardWindow(start: Int, length: Int) {
        let network = layout.network, cell = network.cell, lanes = layout.gateLanes, hp = layout.hiddenLanes
        let top = network.numLayers - 1
        carryH.update(repeating: 0, count: network.numLayers * batch * hp)
        carryC.update(repeating: 0, count: network.numLayers * batch * hp)
        for t in (0..<length).reversed() {
            for b in 0..<batch {
                arriving.update(from: carry(carryH, top, b), count: hp)
                let error = errors(t, b)
                for o in 0..<network.outputSize {
                    accumulateScaled(arriving, error[o], parameters + layout.headWeight + o * hp, lanes: hp)
                }
                for l in (0...top).reversed() {
                    let layer = layout.layers[l], weights = parameters + layer.weights
                    let deltaInput = stepRow(inputDeltas, l, t, b, lanes: lanes)
                    let deltaHidden = stepRow(hiddenDeltas, l, t, b, lanes: lanes)
                    cell.backPropagate(tape(l, t, b), dh: arriving, dc: carry(carryC, l, b), deltaInput: deltaInput,
                                       deltaHidden: deltaHidden, directH: directH, hiddenLanes: hp)
                    if l > 0 { backPropagate(deltaInput, through: weights, into: below) }
                    if t > 0 {
                        let carried = carry(carryH, l, b)
                        backPropagate(deltaHidden, through: weights + layer.inputSize * lanes, into: carried)
                        if cell == .gru { accumulateScaled(carried, 1, directH, lanes: hp) }
                    }
                    if l > 0 { setSum(arriving, carry(carryH, l - 1, b), below, lanes: hp) }
                }
            }
        }
    }

    /// One optimiser step from the window's gradients, built a segment at a time (a bias, a row of W, a head row):
    /// ∂W[i] = Σ_{t,b} z_{t,b}[i]·δ_{t,b} with z = [x; h_prev] and δ the matching delta, ∂b_ih = Σ δ_ih,
    /// ∂b_hh = Σ δ_hh, ∂head.weight[o] = Σ ∂y[o]·h_top, ∂head.bias[o] = Σ ∂y[o]. Without clipping each block of
    /// gradient is applied as soon as it is built (the backward pass is complete, so no later gradient reads the
    /// parameters); with clipping the whole gradient is built, scaled by min(1, maxNorm/(‖g‖ + 10⁻⁶)), then applied;
    /// when measuring, likewise (scaled by 1 without clipping). With `multipliesGradient` the rows whose inputs are
    /// hidden states get their gradient from one sgemm per block of rows (`multiplyGradient`) instead. Returns ‖g‖
    /// before clipping when the whole gradient was built, nil otherwise.
    private func step(start: Int, length: Int, defersFirstLayer: Bool = false) -> Float? {
        let network = layout.network, lanes = layout.gateLanes, hp = layout.hiddenLanes, top = network.numLayers - 1
        let terms = length * batch
        /// Sets the terms' rows to `row(t, b)` and their scales to `scale(t, b)`, in order of t then b.
        func setTerms(_ scale: (Int, Int) -> Float, _ row: (Int, Int) -> UnsafeMutablePointer<Float>) -> GradientTerms {
            for t in 0..<length {
                for b in 0..<batch {
                    termScales[t * batch + b] = scale(t, b)
                    termRows[t * batch + b] = row(t, b)
                }
            }
            return GradientTerms(scales: termScales, rows: termRows, count: terms)
        }
        for (l, layer) in layout.layers.enumerated() {
            if let biases = layer.biases {
                for (offset, deltas) in [(biases.ih, inputDeltas), (biases.hh, hiddenDeltas)] {
                    let gradient = setTerms({ _, _ in 1 }, { t, b in stepRow(deltas, l, t, b, lanes: lanes) })
                    apply(offset: offset, lanes: lanes, gradient: gradient)
                }
            }
            // With sgemm, the rows of W whose inputs are hidden states (h of this layer, and h of the layer below
            // above the first): rows × C = Zᵀ·Δ over the window's k·B terms, whose rows lie one after the other.
            if multipliesGradient {
                if l > 0 {
                    multiplyGradient(offset: layer.weights, z: h(l - 1, 1, 0), deltas: stepRow(inputDeltas, l, 0, 0,
                                     lanes: lanes), terms: terms)
                }
                multiplyGradient(offset: layer.weights + layer.inputSize * lanes, z: h(l, 0, 0),
                                 deltas: stepRow(hiddenDeltas, l, 0, 0, lanes: lanes), terms: terms)
            }
            let rowsOfTerms = l == 0 && defersFirstLayer ? 0
                : !multipliesGradient ? layer.inputSize + network.hiddenSize : l == 0 ? layer.inputSize : 0
            for i in 0..<rowsOfTerms {
                let fromInput = i < layer.inputSize, deltas = fromInput ? inputDeltas : hiddenDeltas
                let gradient = setTerms({ t, b in
                    fromInput ? layerInput(l, t, b, start: start)[i] : h(l, t, b)[i - layer.inputSize]
                }, { t, b in stepRow(deltas, l, t, b, lanes: lanes) })
                apply(offset: layer.weights + i * lanes, lanes: lanes, gradient: gradient)
            }
        }
        for o in 0..<network.outputSize {
            let gradient = setTerms({ t, b in errors(t, b)[o] }, { t, b in h(top, t + 1, b) })
            apply(offset: layout.headWeight + o * hp, lanes: hp, gradient: gradient)
        }
        if let headBias = layout.headBias {
            let gradient = setTerms({ _, _ in 1 }, { t, b in errors(t, b) })
            apply(offset: headBias, lanes: layout.outputLanes, gradient: gradient)
        }
        guard storesGradient else { return nil }
        var squares = Block()
        for block in 0..<layout.count / Block.scalarCount {
            let g = load(gradient, block: block)
            squares += g * g
        }
        let norm = squares.sum().squareRoot()
        termScales[0] = clipGradNorm.map { min(1, Float($0) / (norm + Float(1e-6))) } ?? 1
        termRows[0] = gradient
        optimizer.update(parameters, offset: 0, lanes: layout.count,
                         gradient: GradientTerms(scales: termScales, rows: termRows, count: 1))
        return norm
    }

    /// The gradient of the H rows of W at `offset` whose inputs z_{t,b} (Hp lanes each) are the k·B rows from `z`,
    /// with deltas the k·B rows from `deltas`, as one sgemm into `gradient`; then, without a whole gradient, their
    /// optimiser step.
    private func multiplyGradient(offset: Int, z: UnsafePointer<Float>, deltas: UnsafePointer<Float>, terms: Int) {
        let lanes = layout.gateLanes, rows = layout.network.hiddenSize
        BLAS.transposedProduct(into: gradient + offset, z, zStride: layout.hiddenLanes, rows: rows, deltas,
                               columns: lanes, terms: terms)
        guard !storesGradient else { return }
        termScales[0] = 1
        termRows[0] = gradient + offset
        optimizer.update(parameters, offset: offset, lanes: rows * lanes,
                         gradient: GradientTerms(scales: termScales, rows: termRows, count: 1))
    }

    /// out = W·δ over the H rows of W at `rows` (C lanes each): through OpenBLAS when `routing.backward`.
    @inline(__always)
    private func backPropagate(_ delta: UnsafePointer<Float>, through rows: UnsafePointer<Float>,
                               into out: UnsafeMutablePointer<Float>) {
        let hidden = layout.network.hiddenSize, lanes = layout.gateLanes
        if routing.backward {
            BLAS.product(into: out, rows, rows: hidden, columns: lanes, delta)
        } else {
            rowDots(rows: rows, lanes: lanes, vector: delta, count: hidden, into: out)
        }
    }

    /// Without a whole gradient, the optimiser step of the `lanes` parameters at `offset`; with one, their gradient
    /// stored in `gradient` for the step after the norm.
    @inline(__always)
    private func apply(offset: Int, lanes: Int, gradient terms: GradientTerms) {
        guard storesGradient else {
            optimizer.update(parameters, offset: offset, lanes: lanes, gradient: terms)
            return
        }
        for block in 0..<lanes / Block.scalarCount { store(terms.block(block), gradient + offset, block: block) }
    }
}
