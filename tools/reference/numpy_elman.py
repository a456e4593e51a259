"""The seed's Elman network in numpy, float32, with hand-derived gradients.

Model (PyTorch layout): xh_t = [x_t, h_{t-1}], h_t = tanh(xh_t · W1), y_t = h_t · W2, where W1 is
(hidden+1)×hidden with row 0 the input weights and W2 is hidden×1. Loss at a step: (y_t − target_t)² / 2.

Training: each epoch starts from a zero context. The steps are cut into windows of `truncation` steps; the summed
loss of a window is back-propagated through that window only (its incoming context is a constant) and plain SGD
updates the weights once per window. truncation = 1 is the seed; truncation ≥ steps is full BPTT.

Backward pass through a window, from its last step to its first (dh_next = 0 at the last step):
    dy_t = y_t − target_t
    dW2 += dy_t · h_t
    dh_t = dy_t · W2 + dh_next
    da_t = dh_t ⊙ (1 − h_t²)
    dW1 += xh_tᵀ · da_t
    dh_next = W1[1:] · da_t          (gradient reaching h_{t-1})
"""
import numpy as np

F32 = np.float32


def sine(start=2.0, stop=10.0, points=21):
    """sin(linspace(start, stop, points)) computed in float64, then rounded to float32."""
    return np.sin(np.linspace(start, stop, points)).astype(F32)


def initial_weights(hidden, seed, w1_std=0.4, w2_std=0.3):
    """Normal(0, std) weights from numpy's PCG64 generator (fixtures store them; Swift never re-derives them)."""
    rng = np.random.default_rng(seed)
    w1 = rng.normal(0.0, w1_std, (hidden + 1, hidden)).astype(F32)
    w2 = rng.normal(0.0, w2_std, (hidden, 1)).astype(F32)
    return w1, w2


def step(w1, w2, x, h):
    """One forward step: returns (y, h_new, xh)."""
    xh = np.concatenate((np.array([x], dtype=F32), h))
    h_new = np.tanh(xh @ w1)
    return (h_new @ w2)[0], h_new, xh


def window(w1, w2, inputs, targets, h0):
    """Forward through one window from context h0; returns (step losses, dW1, dW2, last context)."""
    xhs, hs, ys = [], [], []
    h = h0
    for x in inputs:
        y, h, xh = step(w1, w2, x, h)
        xhs.append(xh), hs.append(h), ys.append(y)
    losses = [(y - t) ** 2 / F32(2) for y, t in zip(ys, targets)]
    g1, g2 = np.zeros_like(w1), np.zeros_like(w2)
    dh_next = np.zeros_like(h0)
    for xh, h_t, y, t in reversed(list(zip(xhs, hs, ys, targets))):
        dy = y - t
        g2 += dy * h_t[:, None]
        da = (dy * w2[:, 0] + dh_next) * (F32(1) - h_t * h_t)
        g1 += np.outer(xh, da)
        dh_next = w1[1:] @ da
    return losses, g1, g2, h


def train(w1, w2, series, epochs=300, lr=0.1, truncation=1):
    """Returns (epoch losses, final W1, final W2); the inputs are not modified."""
    w1, w2 = w1.astype(F32).copy(), w2.astype(F32).reshape(-1, 1).copy()
    inputs, targets = series[:-1], series[1:]
    lr = F32(lr)
    losses = []
    for _ in range(epochs):
        h = np.zeros(w1.shape[1], dtype=F32)
        total = F32(0)
        for start in range(0, len(inputs), truncation):
            end = start + truncation
            step_losses, g1, g2, h = window(w1, w2, inputs[start:end], targets[start:end], h)
            for loss in step_losses:
                total = F32(total + loss)
            w1 -= lr * g1
            w2 -= lr * g2
        losses.append(float(total))
    return losses, w1, w2


def predict(w1, w2, inputs):
    """Teacher-forced outputs over `inputs` from a zero context."""
    h = np.zeros(w1.shape[1], dtype=F32)
    outputs = []
    for x in inputs:
        y, h, _ = step(w1, w2, x, h)
        outputs.append(float(y))
    return outputs


def generate(w1, w2, prime, steps):
    """Run over `prime` from a zero context, then feed each output back as the next input `steps` times."""
    h = np.zeros(w1.shape[1], dtype=F32)
    for x in prime:
        y, h, _ = step(w1, w2, x, h)
    values = []
    for _ in range(steps):
        values.append(float(y))
        y, h, _ = step(w1, w2, y, h)
    return values


def contexts(w1, w2, inputs):
    """The context h_t after each input row, teacher-forced from a zero context (T × H)."""
    h = np.zeros(w1.shape[1], dtype=F32)
    states = []
    for x in inputs:
        _, h, _ = step(w1, w2, x, h)
        states.append(h.tolist())
    return states


def gradient_flow(w1, w2, series, of="loss", loss="sse/2"):
    """‖∂L/∂h_t‖ for each step t of a full back-propagation through `series` in float64 (hand-derived): L is
    Σ_t e_t²/2 (sse/2) or the mean of e_t² (mse), e_t = y_t − series[t + 1], or y of the last step (output).
    With z_t = [x_t; h_{t−1}], h_t = tanh(W1ᵀ z_t), y_t = W2ᵀ h_t: ∂L/∂h_t = ∂L/∂y_t · W2 + W1[1:] · δ_{t+1},
    δ_{t+1} = ∂L/∂h_{t+1} ⊙ (1 − h_{t+1}²)."""
    w1, w2 = np.asarray(w1, dtype=np.float64), np.asarray(w2, dtype=np.float64).reshape(-1)
    inputs, targets = np.asarray(series[:-1], dtype=np.float64), np.asarray(series[1:], dtype=np.float64)
    hs, h = [], np.zeros(w1.shape[1])
    for x in inputs:
        h = np.tanh(x * w1[0] + h @ w1[1:])
        hs.append(h)
    errors = np.array([h @ w2 for h in hs]) - targets
    if of == "output":
        dy = np.zeros(len(hs))
        dy[-1] = 1.0
    else:
        dy = errors if loss == "sse/2" else 2 * errors / len(errors)
    norms, delta = [0.0] * len(hs), np.zeros(w1.shape[1])
    for t in reversed(range(len(hs))):
        dh = dy[t] * w2 + w1[1:] @ delta
        norms[t] = float(np.linalg.norm(dh))
        delta = dh * (1 - hs[t] ** 2)
    return norms
