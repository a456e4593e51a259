"""Writes the introspection parity fixtures into Tests/ElmanCoreTests/Fixtures/introspection/NAME.json.

For each network (rnn, lstm and gru with 2 layers, and a network of the seed's kind) and one sequence, PyTorch
computes in float64, from float32 initial weights (PyTorch's default initialisation under torch.manual_seed):
- every step's state of every layer, teacher-forced from zero states: "hidden" (steps × layers × H), and for the
  LSTM "cell" likewise;
- the gradient flow: ‖∂L/∂h_s‖ for every layer and step s by autograd (each h_s keeps its grad with retain_grad),
  for L the whole series' loss ("sse/2": Σ e²/2; "mse": mean of e² over steps × outputs) and for L the sum of the
  last step's outputs ("output").

The network is unrolled a step and a layer at a time with nn.RNNCell / nn.LSTMCell / nn.GRUCell holding the stacked
module's weights, so every h_s is a tensor of its own; the unrolled outputs are checked against the stacked nn.RNN /
nn.LSTM / nn.GRU and the Linear head before anything is written.

Run: /work/torchenv/bin/python tools/reference/make_introspection_fixtures.py
"""
import json
import pathlib

import numpy as np
import torch
from torch import nn

import torch_networks

FOLDER = pathlib.Path(__file__).resolve().parents[2] / "Tests" / "ElmanCoreTests" / "Fixtures" / "introspection"
CELL_MODULES = {"rnn": nn.RNNCell, "lstm": nn.LSTMCell, "gru": nn.GRUCell}


def network(cell, input_size, hidden_size, num_layers, output_size, bias=True):
    return {"cell": cell, "nonlinearity": "tanh", "input_size": input_size, "hidden_size": hidden_size,
            "num_layers": num_layers, "output_size": output_size, "bias": bias}


def cases():
    """(name, network, sequence rows (T × D, float32), target columns, torch seed)."""
    t = np.linspace(0.0, 6.0, 13)
    two_columns = np.stack([np.sin(t), np.cos(1.5 * t)], axis=1)
    return [
        ("rnn_2layer", network("rnn", 2, 3, 2, 1), two_columns, [0], 11),
        ("lstm_2layer", network("lstm", 2, 3, 2, 1), two_columns, [0], 12),
        ("gru_2layer", network("gru", 2, 3, 2, 2), two_columns, [0, 1], 13),
        ("seed_kind", network("rnn", 1, 6, 1, 1, bias=False), np.sin(np.linspace(0.0, 8.0, 21))[:, None], [0], 14),
    ]


def layer_cells(net):
    """One cell module per layer of `net.rnn`, holding that layer's weights (float64)."""
    rnn, cells = net.rnn, []
    for layer in range(rnn.num_layers):
        size = rnn.input_size if layer == 0 else rnn.hidden_size
        cell = CELL_MODULES[net.cell](size, rnn.hidden_size, bias=rnn.bias).double()
        with torch.no_grad():
            for name in ["weight_ih", "weight_hh"] + (["bias_ih", "bias_hh"] if rnn.bias else []):
                getattr(cell, name).copy_(getattr(rnn, f"{name}_l{layer}"))
        cells.append(cell)
    return cells


def unrolled(net, rows):
    """Forward through `rows` (T × D float64) a step and a layer at a time from zero states: (outputs T × O, hs
    [step][layer] tensors with retain_grad, cs likewise for the LSTM)."""
    cells, hidden = layer_cells(net), net.rnn.hidden_size
    state = [(torch.zeros(1, hidden, dtype=torch.float64),) * (2 if net.cell == "lstm" else 1) for _ in cells]
    outputs, hs, cs = [], [], []
    for row in rows:
        x, step_h, step_c = row[None, :], [], []
        for layer, cell in enumerate(cells):
            if net.cell == "lstm":
                h, c = cell(x, state[layer])
                state[layer] = (h, c)
                step_c.append(c)
            else:
                h = cell(x, state[layer][0])
                state[layer] = (h,)
            h.retain_grad()
            step_h.append(h)
            x = h
        outputs.append(net.head(x)[0])
        hs.append(step_h)
        cs.append(step_c)
    return torch.stack(outputs), hs, cs


def norms(net, rows, objective):
    """‖∂L/∂h_s‖ as [layer][step], L = objective(outputs)."""
    outputs, hs, _ = unrolled(net, rows)
    objective(outputs).backward()
    return [[float(hs[s][layer].grad.norm()) for s in range(len(hs))] for layer in range(len(hs[0]))]


def fixture(name, description, sequence, targets, seed):
    torch.manual_seed(seed)
    net = torch_networks.net_for(description)
    state_dict = torch_networks.state_dict_lists(net)
    net = net.double()
    rows = torch.tensor(np.asarray(sequence, dtype=np.float32).astype(np.float64))
    inputs, wanted = rows[:-1], rows[1:, targets]
    outputs, hs, cs = unrolled(net, inputs)
    zero = net.zero_state(1)
    stacked, _ = net(inputs[None], tuple(part.double() for part in zero) if net.cell == "lstm" else zero.double())
    assert torch.allclose(stacked[0], outputs, atol=1e-12), f"{name}: the unrolled network is not nn's"
    errors = lambda outputs: outputs - wanted  # noqa: E731
    case = {
        "name": name, "network": description,
        "data": {"sequences": [np.asarray(sequence, dtype=np.float32).tolist()], "targets": targets},
        "state_dict": state_dict,
        "hidden": [[h[0].tolist() for h in step] for step in hs],
        "cell": [[c[0].tolist() for c in step] for step in cs] if description["cell"] == "lstm" else None,
        "gradient_flow": {
            "sse/2": norms(net, inputs, lambda y: (errors(y) ** 2).sum() / 2),
            "mse": norms(net, inputs, lambda y: (errors(y) ** 2).mean()),
            "output": norms(net, inputs, lambda y: y[-1].sum()),
        },
    }
    return case


def main():
    FOLDER.mkdir(parents=True, exist_ok=True)
    for spec in cases():
        case = fixture(*spec)
        path = FOLDER / f"{case['name']}.json"
        path.write_text(json.dumps(case) + "\n")
        flow = case["gradient_flow"]["sse/2"]
        print(f"{path.name}: {path.stat().st_size} bytes; ‖∂L/∂h‖ top layer first/last step "
              f"{flow[-1][0]:.3g} / {flow[-1][-1]:.3g}")


if __name__ == "__main__":
    main()
