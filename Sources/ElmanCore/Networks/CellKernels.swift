/// The element-wise halves of a cell step on the fast path, block by block over Hp lanes (gate g of unit j at lane
/// g·Hp + j, as `NetworkLayout` stores it). The equations are those of `RNNCell`, `LSTMCell` and `GRUCell`; these
/// only evaluate them eight units at a time, with the vectorised tanh (and σ from it).
///
/// The pointers of one cell step (one layer, one step, one sequence):
struct CellTape {
    /// In: the state the step starts from (h, and c for LSTM; Hp each).
    let hPrevious: UnsafeMutablePointer<Float>
    let cPrevious: UnsafeMutablePointer<Float>
    /// In: pre-activations (C); out: the activated gates (rnn: h′; LSTM: i f g o; GRU: r z n).
    let gates: UnsafeMutablePointer<Float>
    /// Out: the cell's other intermediate (Hp): tanh c′ for LSTM, h_n = W_hn h + b_hn for GRU; unused by rnn.
    let auxiliary: UnsafeMutablePointer<Float>
    /// Out: the state produced (h′, and c′ for LSTM; Hp each).
    let h: UnsafeMutablePointer<Float>
    let c: UnsafeMutablePointer<Float>
}

extension NetworkDescription.Cell {
    /// Activates `tape.gates` in place and writes the new state. For GRU `hiddenPre` holds W_hh h + b_hh (C lanes)
    /// while `tape.gates` holds W_ih x + b_ih; for rnn and LSTM `tape.gates` holds their sum and `hiddenPre` is unused.
    @inline(__always)
    func activate(_ tape: CellTape, hiddenPre: UnsafePointer<Float>, hiddenLanes: Int) {
        let blocks = hiddenLanes / Block.scalarCount
        switch self {
        case .rnn(let nonlinearity):
            for b in 0..<blocks {
                let a = load(tape.gates, block: b)
                let h = nonlinearity == .tanh ? tanh(a) : a.replacing(with: 0, where: a .< 0)
                store(h, tape.gates, block: b)
                store(h, tape.h, block: b)
            }
        case .lstm:
            let (f, g, o) = (tape.gates + hiddenLanes, tape.gates + 2 * hiddenLanes, tape.gates + 3 * hiddenLanes)
            for b in 0..<blocks {
                let input = sigmoid(load(tape.gates, block: b)), forget = sigmoid(load(f, block: b))
                let candidate = tanh(load(g, block: b)), output = sigmoid(load(o, block: b))
                let c = forget * load(tape.cPrevious, block: b) + input * candidate
                let tanhC = tanh(c)
                store(input, tape.gates, block: b)
                store(forget, f, block: b)
                store(candidate, g, block: b)
                store(output, o, block: b)
                store(c, tape.c, block: b)
                store(tanhC, tape.auxiliary, block: b)
                store(output * tanhC, tape.h, block: b)
            }
        case .gru:
            let (z, n) = (tape.gates + hiddenLanes, tape.gates + 2 * hiddenLanes)
            let (hiddenZ, hiddenN) = (hiddenPre + hiddenLanes, hiddenPre + 2 * hiddenLanes)
            for b in 0..<blocks {
                let reset = sigmoid(load(tape.gates, block: b) + load(hiddenPre, block: b))
                let update = sigmoid(load(z, block: b) + load(hiddenZ, block: b))
                let hn = load(hiddenN, block: b)
                let candidate = tanh(load(n, block: b) + reset * hn)
                store(reset, tape.gates, block: b)
                store(update, z, block: b)
                store(candidate, n, block: b)
                store(hn, tape.auxiliary, block: b)
                store((1 - update) * candidate + update * load(tape.hPrevious, block: b), tape.h, block: b)
            }
        }
    }

    /// Back-propagates the element-wise part of a step recorded in `tape`, given ∂loss/∂h′ (`dh`) and, for LSTM,
    /// ∂loss/∂c′ from the next step (`dc`, replaced by ∂loss/∂c of the previous state). Writes ∂ of the
    /// pre-activations: `deltaInput` for W_ih x + b_ih and `deltaHidden` for W_hh h + b_hh (C lanes each; the same
    /// pointer may be given for rnn and LSTM, where they are equal). For GRU, `directH` receives the part of ∂h that
    /// does not pass through W_hh, ∂h′ ⊙ z; other cells leave it alone.
    @inline(__always)
    func backPropagate(
        _ tape: CellTape, dh: UnsafePointer<Float>, dc: UnsafeMutablePointer<Float>,
        deltaInput: UnsafeMutablePointer<Float>, deltaHidden: UnsafeMutablePointer<Float>,
        directH: UnsafeMutablePointer<Float>, hiddenLanes: Int
    ) {
        let blocks = hiddenLanes / Block.scalarCount
        switch self {
        case .rnn(let nonlinearity):
            for b in 0..<blocks {
                let h = load(tape.h, block: b), d = load(dh, block: b)
                let delta = nonlinearity == .tanh ? d * (1 - h * h) : d.replacing(with: 0, where: h .<= 0)
                store(delta, deltaInput, block: b)
            }
        case .lstm:
            let (f, g, o) = (tape.gates + hiddenLanes, tape.gates + 2 * hiddenLanes, tape.gates + 3 * hiddenLanes)
            for b in 0..<blocks {
                let input = load(tape.gates, block: b), forget = load(f, block: b)
                let candidate = load(g, block: b), output = load(o, block: b)
                let tanhC = load(tape.auxiliary, block: b), d = load(dh, block: b)
                let dcTotal = load(dc, block: b) + d * output * (1 - tanhC * tanhC)
                store(dcTotal * candidate * input * (1 - input), deltaInput, block: b)
                store(dcTotal * load(tape.cPrevious, block: b) * forget * (1 - forget), deltaInput + hiddenLanes,
                      block: b)
                store(dcTotal * input * (1 - candidate * candidate), deltaInput + 2 * hiddenLanes, block: b)
                store(d * tanhC * output * (1 - output), deltaInput + 3 * hiddenLanes, block: b)
                store(dcTotal * forget, dc, block: b)
            }
        case .gru:
            let (z, n) = (tape.gates + hiddenLanes, tape.gates + 2 * hiddenLanes)
            for b in 0..<blocks {
                let reset = load(tape.gates, block: b), update = load(z, block: b), candidate = load(n, block: b)
                let d = load(dh, block: b)
                let dCandidate = d * (1 - update) * (1 - candidate * candidate)
                let dReset = dCandidate * load(tape.auxiliary, block: b) * reset * (1 - reset)
                let dUpdate = d * (load(tape.hPrevious, block: b) - candidate) * update * (1 - update)
                store(dReset, deltaInput, block: b)
                store(dUpdate, deltaInput + hiddenLanes, block: b)
                store(dCandidate, deltaInput + 2 * hiddenLanes, block: b)
                store(dReset, deltaHidden, block: b)
                store(dUpdate, deltaHidden + hiddenLanes, block: b)
                store(dCandidate * reset, deltaHidden + 2 * hiddenLanes, block: b)
                store(d * update, directH, block: b)
            }
        }
    }
}
