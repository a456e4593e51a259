"""The seed's Elman network with PyTorch autograd (modern API), generalised to a truncation window k.

Same semantics as numpy_elman (see its docstring): zero context each epoch, windows of k steps whose summed loss is
back-propagated through the window only, one SGD step per window. k = 1 is exactly the seed's loop.
"""
import numpy as np
import torch

torch.set_num_threads(1)  # tiny matrices gain nothing from threads; one thread keeps runs reproducible


def forward(x, context, w1, w2):
    """One step: xh = [x, context]; context' = tanh(xh · W1); out = context' · W2."""
    xh = torch.cat((x, context), 1)
    context = torch.tanh(xh.mm(w1))
    return context.mm(w2), context


def _parameters(w1, w2):
    return (torch.tensor(np.asarray(w1, dtype=np.float32)).requires_grad_(),
            torch.tensor(np.asarray(w2, dtype=np.float32).reshape(-1, 1)).requires_grad_())


def train(w1, w2, series, epochs=300, lr=0.1, truncation=1):
    """Returns (epoch losses, final W1, final W2) as numpy float32; the inputs are not modified."""
    w1, w2 = _parameters(w1, w2)
    data = torch.tensor(np.asarray(series, dtype=np.float32)).reshape(-1, 1)
    x, y = data[:-1], data[1:]
    steps = x.size(0)
    losses = []
    for _ in range(epochs):
        total = torch.zeros(())
        context = torch.zeros((1, w1.size(1)))
        for start in range(0, steps, truncation):
            window_loss = torch.zeros(())
            for j in range(start, min(start + truncation, steps)):
                pred, context = forward(x[j:j + 1], context, w1, w2)
                loss = (pred - y[j:j + 1]).pow(2).sum() / 2
                total = total + loss.detach()
                window_loss = window_loss + loss
            window_loss.backward()
            with torch.no_grad():
                w1 -= lr * w1.grad
                w2 -= lr * w2.grad
            w1.grad.zero_()
            w2.grad.zero_()
            context = context.detach()
        losses.append(total.item())
    return losses, w1.detach().numpy(), w2.detach().numpy()


def predict(w1, w2, inputs):
    """Teacher-forced outputs over `inputs` from a zero context."""
    w1, w2 = _parameters(w1, w2)
    with torch.no_grad():
        context = torch.zeros((1, w1.size(1)))
        outputs = []
        for value in np.asarray(inputs, dtype=np.float32):
            pred, context = forward(torch.tensor([[value]]), context, w1, w2)
            outputs.append(pred.item())
    return outputs


def generate(w1, w2, prime, steps):
    """Run over `prime` from a zero context, then feed each output back as the next input `steps` times."""
    w1, w2 = _parameters(w1, w2)
    with torch.no_grad():
        context = torch.zeros((1, w1.size(1)))
        for value in np.asarray(prime, dtype=np.float32):
            pred, context = forward(torch.tensor([[value]]), context, w1, w2)
        values = []
        for _ in range(steps):
            values.append(pred.item())
            pred, context = forward(pred, context, w1, w2)
    return values
