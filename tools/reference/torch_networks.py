"""Issue 10's general recurrent networks as PyTorch computes them: the reference the network fixtures pin.

Net(cell, input_size, hidden_size, num_layers, output_size, bias, nonlinearity) is nn.RNN | nn.LSTM | nn.GRU
(batch_first, num_layers stacked) followed by nn.Linear(hidden_size, output_size, bias) on the top layer's h at every
step.

Data: B sequences of T rows × D columns; the inputs are rows 0…T−2 (all columns), the targets rows 1…T−1 restricted
to the `targets` columns.

train() is the job's loop, literally. Per epoch: the states (h, and c for the LSTM) start at zero; the T−1 steps are
cut into windows of `truncation` steps (the last may be shorter); per window: the batch goes forward one step at a
time; window loss = Σ over steps of ½ Σ over batch and outputs of (y − t)² ("sse/2"), or the mean of (y − t)² over
the window's steps × batch × outputs ("mse"); backward; clip_grad_norm_ over all parameters when asked; one optimiser
step; zero_grad; the states are detached. The epoch's loss is the float32 sum of its window losses. One
optimiser (torch.optim, amsgrad off) lives for the whole job.

Fixtures hold state_dicts as nested lists of float32 values widened to Python floats, in named_parameters() order.
"""
import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)  # tiny matrices gain nothing from threads; one thread keeps runs reproducible

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


class Net(nn.Module):
    """The recurrent stack and its linear head; forward maps B × S × D inputs and a state to B × S × O outputs."""

    def __init__(self, cell, input_size, hidden_size, num_layers, output_size, bias, nonlinearity="tanh"):
        super().__init__()
        options = {"nonlinearity": nonlinearity} if cell == "rnn" else {}
        self.cell = cell
        self.rnn = CELLS[cell](input_size, hidden_size, num_layers, bias=bias, batch_first=True, **options)
        self.head = nn.Linear(hidden_size, output_size, bias=bias)

    def zero_state(self, batch):
        """h (num_layers × B × H) at zero, paired with a zero c for the LSTM."""
        h = torch.zeros(self.rnn.num_layers, batch, self.rnn.hidden_size)
        return (h, torch.zeros_like(h)) if self.cell == "lstm" else h

    def forward(self, inputs, state):
        """Returns (outputs B × S × O, the state after the last step)."""
        hidden, state = self.rnn(inputs, state)
        return self.head(hidden), state


def net_for(network):
    """The Net a fixture's "network" member describes."""
    return Net(network["cell"], network["input_size"], network["hidden_size"], network["num_layers"],
               network["output_size"], network["bias"], network["nonlinearity"])


def detached(state):
    return tuple(part.detach() for part in state) if isinstance(state, tuple) else state.detach()


def optimizer_for(spec, parameters):
    """torch.optim's SGD (dampening 0), Adam or AdamW (amsgrad off) from a fixture's "optimizer" member."""
    if spec["name"] == "sgd":
        return torch.optim.SGD(parameters, lr=spec["lr"], momentum=spec["momentum"], dampening=0,
                               nesterov=spec["nesterov"], weight_decay=spec["weight_decay"])
    kind = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[spec["name"]]
    return kind(parameters, lr=spec["lr"], betas=tuple(spec["betas"]), eps=spec["eps"],
                weight_decay=spec["weight_decay"], amsgrad=False)


def inputs_and_targets(data):
    """(inputs B × (T−1) × D, targets B × (T−1) × O) as float32 tensors."""
    sequences = torch.tensor(np.asarray(data["sequences"], dtype=np.float32))
    return sequences[:, :-1], sequences[:, 1:, data["targets"]]


def window_loss(outputs, targets, loss):
    """The window's loss from its B × S × O outputs and targets: Σ of the steps' sse/2, or the mean ("mse")."""
    squares = (outputs - targets) ** 2
    if loss == "mse":
        return squares.mean()
    total = squares[:, 0].sum() / 2
    for step in range(1, squares.size(1)):
        total = total + squares[:, step].sum() / 2
    return total


def train(net, data, training):
    """Runs the job's loop on `net` in place; returns (epoch losses, windows whose gradient norm was clipped)."""
    inputs, targets = inputs_and_targets(data)
    batch, steps = inputs.size(0), inputs.size(1)
    optimizer = optimizer_for(training["optimizer"], net.parameters())
    max_norm = training["clip_grad_norm"]
    losses, clipped = [], 0
    for _ in range(training["epochs"]):
        state = net.zero_state(batch)
        epoch_loss = torch.zeros(())
        for start in range(0, steps, training["truncation"]):
            stop = min(start + training["truncation"], steps)
            outputs = []
            for step in range(start, stop):
                output, state = net(inputs[:, step:step + 1], state)
                outputs.append(output)
            loss = window_loss(torch.cat(outputs, 1), targets[:, start:stop], training["loss"])
            loss.backward()
            if max_norm is not None:
                norm = torch.nn.utils.clip_grad_norm_(net.parameters(), max_norm)
                clipped += int(norm.item() > max_norm)
            optimizer.step()
            optimizer.zero_grad()
            state = detached(state)
            epoch_loss = epoch_loss + loss.detach()
        losses.append(epoch_loss.item())
    return losses, clipped


def predict(net, data):
    """Teacher-forced outputs over the inputs from zero states: B × (T−1) × O nested lists."""
    inputs, _ = inputs_and_targets(data)
    with torch.no_grad():
        outputs, _ = net(inputs, net.zero_state(inputs.size(0)))
    return outputs.numpy().tolist()


def state_dict_lists(net):
    """{name: nested lists} in named_parameters() order, float32 values widened to Python floats."""
    return {name: parameter.detach().numpy().tolist() for name, parameter in net.named_parameters()}


def load_state_dict_lists(net, state_dict):
    """Loads nested lists (strictly: the same names, PyTorch's shapes) into `net`."""
    net.load_state_dict({name: torch.tensor(np.asarray(value, dtype=np.float32))
                         for name, value in state_dict.items()})


def replay(fixture):
    """Trains a fixture's network from its initial_state_dict on its data: (results, windows clipped) where results
    holds "losses", "final_state_dict" and "predictions" as the fixture stores them."""
    net = net_for(fixture["network"])
    load_state_dict_lists(net, fixture["initial_state_dict"])
    losses, clipped = train(net, fixture["data"], fixture["training"])
    results = {"losses": losses, "final_state_dict": state_dict_lists(net),
               "predictions": predict(net, fixture["data"])}
    return results, clipped
