"""Writes the PyTorch parity fixtures for the Swift tests into Tests/ElmanCoreTests/Fixtures/.

Each fixture holds a configuration, the float32 series, initial weights (numpy PCG64 normals, stored so parity does
not depend on any RNG), and what torch_elman computes from them: epoch losses, final weights (flattened row-major,
PyTorch layout), teacher-forced predictions over the inputs, and a generation primed with the first inputs.
The hand-gradient numpy_elman is cross-checked against torch on every fixture before anything is written.

Run: /tmp/torchenv/bin/python tools/reference/make_fixtures.py
"""
import json
import pathlib

import numpy as np

import numpy_elman
import torch_elman

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "Tests" / "ElmanCoreTests" / "Fixtures"

CONFIGS = [
    # name, hidden, points, truncation, epochs, learning rate, init seed
    ("seed", 6, 21, 1, 300, 0.1, 0),
    ("hidden4_points30_k5", 4, 30, 5, 300, 0.1, 1),
    ("hidden8_full_bptt", 8, 21, 20, 300, 0.02, 2),  # lr 0.1 diverges with one update per epoch,
]
PRIME = 5
GENERATE_STEPS = 15


def floats(array):
    return [float(v) for v in np.asarray(array, dtype=np.float32).ravel()]


def fixture(name, hidden, points, truncation, epochs, lr, seed):
    series = numpy_elman.sine(points=points)
    w1, w2 = numpy_elman.initial_weights(hidden, seed)
    losses, f1, f2 = torch_elman.train(w1, w2, series, epochs, lr, truncation)
    np_losses, n1, n2 = numpy_elman.train(w1, w2, series, epochs, lr, truncation)
    worst = max(np.abs(np.subtract(losses, np_losses)).max(), np.abs(f1 - n1).max(), np.abs(f2 - n2).max())
    assert worst < 1e-5, f"{name}: numpy and torch disagree by {worst}"
    inputs = series[:-1]
    return {
        "name": name,
        "hiddenSize": hidden,
        "points": points,
        "truncation": truncation,
        "epochs": epochs,
        "learningRate": lr,
        "series": floats(series),
        "initialW1": floats(w1),
        "initialW2": floats(w2),
        "losses": floats(losses),
        "finalW1": floats(f1),
        "finalW2": floats(f2),
        "predictions": floats(torch_elman.predict(f1, f2, inputs)),
        "prime": floats(inputs[:PRIME]),
        "generated": floats(torch_elman.generate(f1, f2, inputs[:PRIME], GENERATE_STEPS)),
    }, worst


def main():
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for config in CONFIGS:
        data, worst = fixture(*config)
        path = FIXTURES / f"{data['name']}.json"
        path.write_text(json.dumps(data, indent=1) + "\n")
        print(f"{path.name}: final loss {data['losses'][-1]:.6f}, numpy vs torch max diff {worst:.2e}")


if __name__ == "__main__":
    main()
