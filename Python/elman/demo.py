"""``python -m elman.demo``: the seed's job end to end through the worker.

Starts the worker, trains the seed's network (hidden 6, 20 steps of the sine, 300 epochs at lr 0.1), prints the
seed's ``Epoch: N loss X`` lines, predicts, and writes the seed's figure.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from matplotlib.figure import Figure

from .plot import seed_figure
from .series import Sine
from .worker import Worker


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m elman.demo", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("out/sine_wave.png"), help="where to write the figure")
    args = parser.parse_args(argv)

    series = Sine(start=2, stop=10, points=21)
    with Worker() as worker:
        result = worker.train(data=series, hidden_size=6, epochs=300, lr=0.1, progress=False, verbose=True)
        predictions = worker.predict(result.model, data=series)

    figure = Figure(figsize=(6.4, 4.8), dpi=100)
    seed_figure(predictions, series, ax=figure.subplots())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(args.out)
    print(f"{result.state}: {result.epoch} epochs in {result.seconds * 1e3:.3f} ms in the engine, "
          f"{result.wall_seconds * 1e3:.1f} ms from Python; figure written to {args.out}")


if __name__ == "__main__":
    main()
