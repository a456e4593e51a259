"""Issue 11's big-network lines, Elman and PyTorch measured alternately: one training step on a 200-step series
(batch 1, one epoch a run, sse/2, plain SGD) of each cell at hidden 1024 with k = 1 and full back-propagation
through time, and at hidden 512 with full.

Each line is measured in `--rounds` rounds; a round runs `elman-bench networks --samples` for the line, then, when
torch imports in this Python, `bench_reference.py --network-samples` for the same line, each in a fresh process.
The printed lines (`engine  step (…)  median …` and `torch  step (…)  median …`, the formats `tools/bench_summary.py`
reads) pool every round's samples. Why: at these sizes PyTorch's median for a line moved by up to 2x between runs
minutes apart (Elman's by about 10 %), and measuring the two sides minutes apart, once each, let that spread decide
a ratio. Alternating rounds give both sides the same minutes and several processes.

Run: <python> tools/reference/bench_big_networks.py .build/release/elman-bench [--rounds 3]
"""
import argparse
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LINES = [("rnn", 1024, "1"), ("lstm", 1024, "1"), ("gru", 1024, "1"),
         ("rnn", 1024, "full"), ("lstm", 1024, "full"), ("gru", 1024, "full"),
         ("rnn", 512, "full"), ("lstm", 512, "full"), ("gru", 512, "full")]


def torch_imports():
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def listed_samples(command):
    """Runs `command` and returns the (prefix, job) and values of the one `samples  <prefix>  <job>  µs  …` line
    it prints."""
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=HERE).stdout
    found = [line.split("  ") for line in output.splitlines() if line.startswith("samples  ")]
    if len(found) != 1 or found[0][3] != "µs":
        raise SystemExit(f"expected one samples line in µs from {command}, got:\n{output}")
    _, prefix, job, _, values = found[0]
    return (prefix, job), [float(value) for value in values.split()]


def summary(prefix, job, values, rounds):
    ordered = sorted(values)
    p90 = ordered[max(0, -(-9 * len(ordered) // 10) - 1)]
    return (f"{prefix}  {job}  median {statistics.median(values):.3f} µs  p90 {p90:.3f} µs  n={len(values)}  "
            f"({rounds} rounds)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("elman_bench", type=Path, help="the release build's elman-bench")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=2.0, help="per line and round, each side, roughly")
    parser.add_argument("--cells", nargs="+", choices=("rnn", "lstm", "gru"), default=("rnn", "lstm", "gru"))
    arguments = parser.parse_args()
    with_torch = torch_imports()
    if not with_torch:
        print("torch  not installed: issue 11's big-network lines measured for Elman only", flush=True)
    for cell, hidden, truncation in LINES:
        if cell not in arguments.cells:
            continue
        pooled = {}
        for _ in range(arguments.rounds):
            commands = [[str(arguments.elman_bench.resolve()), "networks", "--cells", cell, "--hidden", str(hidden),
                         "--truncation", truncation, "--epochs", "1", "--seconds", str(arguments.seconds),
                         "--min-runs", "3", "--samples"]]
            if with_torch:
                commands.append([sys.executable, "bench_reference.py", "--network-samples", cell, str(hidden),
                                 truncation, "--seconds", str(arguments.seconds), "--min-runs", "2"])
            for command in commands:
                key, values = listed_samples(command)
                pooled.setdefault(key, []).extend(values)
        for (prefix, job), values in pooled.items():
            print(summary(prefix, job, values, arguments.rounds), flush=True)


if __name__ == "__main__":
    main()
