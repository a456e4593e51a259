"""Writes the general-network PyTorch parity fixtures into Tests/ElmanCoreTests/Fixtures/networks/NAME.json.

Each fixture holds a network description, float32 data, the training configuration and the initial state_dict (from
PyTorch's own default initialisation under torch.manual_seed, or, for seed_as_network, the seed fixture's weights),
then what torch_networks.replay computes from them: the epoch losses, the final state_dict and teacher-forced
predictions. Before anything is written two cross-checks run:
- lstm_adam_k5 is trained again without nn.LSTM, nn.Linear or torch.optim (the LSTM equations and Adam's update
  written out, whole-window losses) and the losses must agree;
- seed_as_network must reproduce seed.json (losses, final W1/W2, predictions), the seed's own path.

Run: /work/torchenv/bin/python tools/reference/make_network_fixtures.py
"""
import json
import pathlib

import numpy as np
import torch

import torch_networks

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "Tests" / "ElmanCoreTests" / "Fixtures"
NETWORKS = FIXTURES / "networks"
TOLERANCE = 1e-5  # cross-checks: float32 sums taken in another order drift by a few ulps per epoch


def network(cell, input_size, hidden_size, output_size, num_layers=1, bias=True, nonlinearity="tanh"):
    return {"cell": cell, "nonlinearity": nonlinearity, "input_size": input_size, "hidden_size": hidden_size,
            "num_layers": num_layers, "output_size": output_size, "bias": bias}


def sgd(lr, momentum=0.0, nesterov=False, weight_decay=0.0):
    return {"name": "sgd", "lr": lr, "momentum": momentum, "nesterov": nesterov, "weight_decay": weight_decay}


def adam(lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, name="adam"):
    """torch.optim.Adam's defaults; AdamW is adam(..., weight_decay=0.01, name="adamw"), its own defaults."""
    return {"name": name, "lr": lr, "betas": list(betas), "eps": eps, "weight_decay": weight_decay}


def training(epochs, truncation, optimizer, loss="sse/2", clip_grad_norm=None):
    return {"epochs": epochs, "truncation": truncation, "loss": loss, "optimizer": optimizer,
            "clip_grad_norm": clip_grad_norm}


def data(sequences, targets):
    """sequences: B arrays of T rows × D columns (or T values for one column), rounded to float32."""
    rows = [np.asarray(s, dtype=np.float32).reshape(len(s), -1).tolist() for s in sequences]
    return {"sequences": rows, "targets": targets}


def columns(*series):
    return np.stack(series, axis=1)


def sine(start, stop, points):
    return np.sin(np.linspace(start, stop, points))


def cosine(start, stop, points):
    return np.cos(np.linspace(start, stop, points))


def random_walk(seed, points, scale=0.3):
    """A walk from 0 with normal(0, scale) steps from numpy's PCG64 generator."""
    return np.cumsum(np.random.default_rng(seed).normal(0.0, scale, points))


def noise(seed, points, scale):
    return np.random.default_rng(seed).normal(0.0, scale, points)


def cases():
    """(name, about, network, data, training, initial weights: a torch seed or "seed.json")."""
    return [
        ("lstm_adam_k5", "LSTM, 1 layer with biases, one column to one, Adam defaults at lr 0.01, windows of 5",
         network("lstm", 1, 4, 1), data([sine(0.0, 6.0, 14)], [0]),
         training(4, 5, adam(0.01)), 101),
        ("gru_sgd_nesterov_clip",
         "GRU on a batch of 2 (cosine, random walk), SGD lr 0.05 momentum 0.9 Nesterov weight_decay 0.001, "
         "clip_grad_norm 0.5, windows of 3",
         network("gru", 1, 5, 1), data([cosine(0.0, 5.0, 12), random_walk(7, 12)], [0]),
         training(5, 3, sgd(0.05, momentum=0.9, nesterov=True, weight_decay=0.001), clip_grad_norm=0.5), 102),
        ("rnn_relu_2layer_adamw_mse",
         "relu RNN, 2 layers, columns (sine, cosine) predicting column 0, AdamW lr 0.01 default weight_decay, "
         "mse, windows of 4",
         network("rnn", 2, 4, 1, num_layers=2, nonlinearity="relu"),
         data([columns(sine(1.0, 7.0, 13), cosine(1.0, 7.0, 13))], [0]),
         training(4, 4, adam(0.01, weight_decay=0.01, name="adamw"), loss="mse"), 103),
        ("lstm_2layer_nobias_batch3_full",
         "LSTM, 2 layers without biases, a batch of 3 (sine, cosine, random walk), full BPTT, SGD lr 0.05",
         network("lstm", 1, 3, 1, num_layers=2, bias=False),
         data([sine(0.0, 4.0, 11), cosine(0.5, 6.0, 11), random_walk(11, 11)], [0]),
         training(4, 10, sgd(0.05)), 104),
        ("gru_3out_adam_betas_clip",
         "GRU, three columns (sine, cosine, random walk) predicting all three, Adam lr 0.02 betas (0.8, 0.95) "
         "eps 1e-6 weight_decay 0.01, clip_grad_norm 1.0, windows of 2",
         network("gru", 3, 5, 3),
         data([columns(sine(0.0, 5.0, 10), cosine(0.0, 5.0, 10), random_walk(13, 10))], [0, 1, 2]),
         training(3, 2, adam(0.02, betas=(0.8, 0.95), eps=1e-6, weight_decay=0.01), clip_grad_norm=1.0), 105),
        ("seed_as_network",
         "the seed's job as a general network (tanh RNN, hidden 6, no biases, SGD lr 0.1, k 1, 300 epochs) from "
         "seed.json's weights: must equal the seed's path",
         network("rnn", 1, 6, 1, bias=False), data([sine(2.0, 10.0, 21)], [0]),
         training(300, 1, sgd(0.1)), "seed.json"),
        ("rnn_tanh_bias_sgd",
         "tanh RNN with biases on sine plus noise, SGD lr 0.05 momentum 0.5, windows of 3",
         network("rnn", 1, 4, 1), data([sine(0.0, 8.0, 16) + noise(17, 16, 0.1)], [0]),
         training(5, 3, sgd(0.05, momentum=0.5)), 107),
    ]


def seed_state_dict(hidden):
    """seed.json's initial weights as a state_dict: weight_ih_l0 = W1[0:1]ᵀ, weight_hh_l0 = W1[1:]ᵀ, head = W2ᵀ."""
    seed = json.loads((FIXTURES / "seed.json").read_text())
    w1 = np.asarray(seed["initialW1"], dtype=np.float32).reshape(hidden + 1, hidden)
    w2 = np.asarray(seed["initialW2"], dtype=np.float32).reshape(hidden, 1)
    return {"rnn.weight_ih_l0": w1[0:1].T.tolist(), "rnn.weight_hh_l0": w1[1:].T.tolist(),
            "head.weight": w2.T.tolist()}


def initial_state_dict(net_description, init):
    if init == "seed.json":
        return seed_state_dict(net_description["hidden_size"])
    torch.manual_seed(init)
    return torch_networks.state_dict_lists(torch_networks.net_for(net_description))


def fixture(name, about, net_description, case_data, case_training, init):
    """The fixture's inputs, then replay's results; `about` records the initialisation and how often clipping acted."""
    source = ("seed.json's weights" if init == "seed.json"
              else f"PyTorch's default init after torch.manual_seed({init})")
    case = {"name": name, "about": f"{about}; initial weights: {source}", "network": net_description,
            "data": case_data, "training": case_training,
            "initial_state_dict": initial_state_dict(net_description, init)}
    results, clipped = torch_networks.replay(case)
    if case_training["clip_grad_norm"] is not None:
        steps = len(case_data["sequences"][0]) - 1
        windows = case_training["epochs"] * -(-steps // case_training["truncation"])
        case["about"] += f"; clipping acted in {clipped} of {windows} windows"
    case.update(results)
    return case


def independent_lstm_adam_losses(case):
    """lstm_adam_k5's epoch losses without nn.LSTM, nn.Linear or torch.optim (1 layer, biases, sse/2, no clipping):
        gates = x W_ihᵀ + b_ih + h W_hhᵀ + b_hh = [i, f, g, o];  c' = σ(f) c + σ(i) tanh(g);  h' = σ(o) tanh(c')
        y = h' W_headᵀ + b_head;  window loss = ½ Σ (y − t)² over the whole window at once
        Adam: m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²;  p ← p − lr (m / (1−β1ᵗ)) / (√(v / (1−β2ᵗ)) + ε)
    with gradients from autograd."""
    params = {name: torch.tensor(np.asarray(value, dtype=np.float32), requires_grad=True)
              for name, value in case["initial_state_dict"].items()}
    spec, truncation = case["training"]["optimizer"], case["training"]["truncation"]
    beta1, beta2 = spec["betas"]
    moments = {name: (torch.zeros_like(p), torch.zeros_like(p)) for name, p in params.items()}
    inputs, targets = torch_networks.inputs_and_targets(case["data"])
    batch, steps = inputs.size(0), inputs.size(1)
    updates, losses = 0, []
    for _ in range(case["training"]["epochs"]):
        h = c = torch.zeros(batch, case["network"]["hidden_size"])
        total = 0.0
        for start in range(0, steps, truncation):
            outputs = []
            for step in range(start, min(start + truncation, steps)):
                gates = (inputs[:, step] @ params["rnn.weight_ih_l0"].T + params["rnn.bias_ih_l0"]
                         + h @ params["rnn.weight_hh_l0"].T + params["rnn.bias_hh_l0"])
                i, f, g, o = gates.chunk(4, 1)
                c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
                h = torch.sigmoid(o) * torch.tanh(c)
                outputs.append(h @ params["head.weight"].T + params["head.bias"])
            loss = ((torch.stack(outputs, 1) - targets[:, start:start + len(outputs)]) ** 2).sum() / 2
            gradients = torch.autograd.grad(loss, list(params.values()))
            updates += 1
            with torch.no_grad():
                for (name, p), gradient in zip(params.items(), gradients):
                    m, v = moments[name]
                    m.mul_(beta1).add_((1 - beta1) * gradient)
                    v.mul_(beta2).add_((1 - beta2) * gradient * gradient)
                    denominator = (v / (1 - beta2 ** updates)).sqrt() + spec["eps"]
                    p -= spec["lr"] * (m / (1 - beta1 ** updates)) / denominator
            h, c = h.detach(), c.detach()
            total += loss.item()
        losses.append(total)
    return losses


def max_difference(a, b):
    return float(np.max(np.abs(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64))))


def check_lstm_cross(case):
    worst = max_difference(case["losses"], independent_lstm_adam_losses(case))
    assert worst < TOLERANCE, f"{case['name']}: the written-out LSTM + Adam disagrees by {worst}"
    return f"written-out LSTM + Adam losses differ by {worst:.2e}"


def check_seed(case):
    """seed_as_network against seed.json: losses, final W1 = [weight_ih_l0ᵀ; weight_hh_l0ᵀ], W2 = head.weightᵀ,
    predictions."""
    seed = json.loads((FIXTURES / "seed.json").read_text())
    final = case["final_state_dict"]
    w1 = np.concatenate((np.asarray(final["rnn.weight_ih_l0"]).T, np.asarray(final["rnn.weight_hh_l0"]).T))
    differences = {
        "losses": max_difference(case["losses"], seed["losses"]),
        "W1": max_difference(w1.ravel(), seed["finalW1"]),
        "W2": max_difference(np.asarray(final["head.weight"]).T.ravel(), seed["finalW2"]),
        "predictions": max_difference(np.asarray(case["predictions"]).ravel(), seed["predictions"]),
    }
    assert max(differences.values()) < 1e-4, f"seed_as_network departs from seed.json: {differences}"
    return "vs seed.json max |diff| " + ", ".join(f"{key} {value:.2e}" for key, value in differences.items())


CHECKS = {"lstm_adam_k5": check_lstm_cross, "seed_as_network": check_seed}


def dumps(value, depth=2, indent=""):
    """JSON with the top two levels of objects one member a line and everything deeper on one line."""
    if depth == 0 or not isinstance(value, dict):
        return json.dumps(value)
    inner = indent + " "
    members = [f"{inner}{json.dumps(key)}: {dumps(item, depth - 1, inner)}" for key, item in value.items()]
    return "{\n" + ",\n".join(members) + "\n" + indent + "}"


def main():
    NETWORKS.mkdir(parents=True, exist_ok=True)
    for spec in cases():
        case = fixture(*spec)
        note = CHECKS[case["name"]](case) if case["name"] in CHECKS else ""
        path = NETWORKS / f"{case['name']}.json"
        path.write_text(dumps(case) + "\n")
        print(f"{path.name}: {path.stat().st_size} bytes, final loss {case['losses'][-1]:.6f} {note}".rstrip())


if __name__ == "__main__":
    main()
