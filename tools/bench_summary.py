"""Reads the lines `make bench` printed (out/bench.txt) and prints the seed job side by side, the ratios between
implementations, each target of shared/DESIGN.md with the measured value and whether it was met, and issue 10's
table of the general networks' training step (cell × hidden, Elman beside PyTorch, target ≥ 20x) and issue 11's
(hidden 512 and 1024, k = 1 and full back-propagation through time, targets ≥ 6–10x), issue 14's backtest (through
the worker, target < 1 s, beside the same backtest in PyTorch), issue 12's sweep (≥ 5x the jobs/s of separate train
calls) and issue 11's binary frames (predict of 10⁶ points from Python ≥ 5x faster than with JSON; training on 10⁶
points, the share of the wall time outside the engine).

A benchmark line is `<prefix>  <job>  median <value> <unit>  ...`; lines of other shapes are skipped.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

OVERHEAD = re.compile(r"client overhead: .*?median (?P<client>[\d.]+) ms .*?raw DEALER train\+wait (?P<raw>[\d.]+) ms"
                      r".*?ratio (?P<ratio>[\d.]+)x")
NETWORK_STEP = re.compile(r"^step \((?P<cell>[^,]+), hidden (?P<hidden>\d+), k=(?P<k>\w+)\)$")
NETWORK_TARGET = 20.0
# Issue 11's targets: (hidden, truncation) → Elman at least this many times faster than PyTorch, every cell.
BIG_NETWORK_TARGETS = {(1024, "1"): 10.0, (1024, "full"): 6.0, (512, "full"): 8.0}
LINE = re.compile(r"^(?P<prefix>\S+)\s+(?P<job>.+?)\s+median (?P<value>[\d.]+) (?P<unit>ms|µs)\b")
TO_MS = {"ms": 1.0, "µs": 1e-3}


def medians(text: str) -> dict[tuple[str, str], float]:
    """(prefix, job) → median in milliseconds."""
    found = {}
    for line in text.splitlines():
        if match := LINE.match(line.strip()):
            found[(match["prefix"], match["job"])] = float(match["value"]) * TO_MS[match["unit"]]
    return found


def find(table: dict[tuple[str, str], float], prefix: str, job_start: str) -> float | None:
    return next((value for (p, job), value in table.items() if p == prefix and job.startswith(job_start)), None)


def main(path: str) -> None:
    text = Path(path).read_text()
    table = medians(text)
    overhead = OVERHEAD.search(text)
    seed = {name: find(table, name, "seed job") for name in ("engine", "reference", "numpy", "torch")}
    wire = find(table, "wire", "seed job end to end")
    python = find(table, "python", "seed job end to end (client.train)")
    step = {name: find(table, name, "step (hidden 256, k=1)") for name in ("engine", "numpy", "torch")}

    print("\nThe seed job (300 epochs x 20 steps, hidden 6), medians:")
    for name, value in [*seed.items(), ("wire", wire), ("python", python)]:
        if value is not None:
            times = value / seed["engine"] if seed["engine"] else None
            ratio = f"  ({times:.{1 if times < 10 else 0}f}x the engine)" if times and name != "engine" else ""
            print(f"  {name:<10} {value:10.3f} ms{ratio}")

    print("\nTargets (shared/DESIGN.md):")
    checks = [
        ("seed job in the engine <= 1 ms", seed["engine"], lambda v: v <= 1.0, "ms"),
        ("seed job end to end from Python <= 5 ms", python, lambda v: v <= 5.0, "ms"),
        ("Worker().train() with its bar <= 1.3x a raw DEALER train+wait (one run)",
         float(overhead["ratio"]) if overhead else None, lambda v: v <= 1.3, "x"),
    ]
    if step["engine"] and step["torch"]:
        checks.append(("step at hidden 256 >= 10x faster than PyTorch", step["torch"] / step["engine"],
                       lambda v: v >= 10.0, "x"))
    for label, value, ok, unit in checks:
        if value is None:
            print(f"  {label}: not measured")
        else:
            shown = f"{value:.3f} {unit}" if unit == "ms" else f"{value:.2f}{unit}"
            print(f"  {label}: {shown}  {'met' if ok(value) else 'NOT MET'}")
    if not step["torch"]:
        print("  step at hidden 256 vs PyTorch: torch not importable (make bench REFERENCE_PYTHON=... with torch)")
    network_table(table)
    big_network_table(table)
    backtest_summary(table)
    sweep_summary(text)
    binary_frames_summary(text)


BACKTEST_TARGET_MS = 1000.0


def backtest_summary(table: dict[tuple[str, str], float]) -> None:
    """Issue 14's target: the rolling-origin backtest (refit, seed network, 300 epochs per fold) through the worker
    (`elman-bench backtest`, prefix wire) in under 1 s on 2 cores, and its ratio to the same backtest as a PyTorch
    loop (tools/reference/torch_backtest.py, prefix torch, scaled from a few folds and epochs), both from this run."""
    elman, torch = find(table, "wire", "backtest"), find(table, "torch", "backtest")
    if elman is None:
        return
    verdict = "met" if elman < BACKTEST_TARGET_MS else "NOT MET"
    print(f"\nBacktest of issue 14 (1000 points, initial 500, step 5, horizon 10, refit, seed network, 300 epochs):")
    print(f"  through the worker: {elman:.1f} ms  (target < {BACKTEST_TARGET_MS:.0f} ms: {verdict})")
    if torch is None:
        print("  PyTorch: not measured (make bench REFERENCE_PYTHON=<a python where torch imports>)")
    else:
        print(f"  PyTorch loop (scaled): {torch / 1e3:.0f} s, {torch / elman:.0f}x the worker's time")


def network_steps(table: dict[tuple[str, str], float]) -> list[tuple[str, int, str, float]]:
    """(cell, hidden, k, Elman's median ms) of each `elman-bench networks` line (prefix engine), in print order."""
    return [(match["cell"], int(match["hidden"]), match["k"], value) for (prefix, job), value in table.items()
            if prefix == "engine" and (match := NETWORK_STEP.match(job))]


def step_rows(table: dict[tuple[str, str], float], rows: list[tuple[str, int, str, float, float]]) -> None:
    """Prints (cell, hidden, k, Elman ms, target ratio) rows beside PyTorch's line for the same step, if any."""
    print(f"  {'cell':<9} {'hidden':>6} {'k':>4} {'Elman µs':>10} {'PyTorch µs':>11} {'ratio':>8}  target")
    for cell, hidden, k, elman, target in rows:
        torch = table.get(("torch", f"step ({cell}, hidden {hidden}, k={k})"))
        if torch is None:
            print(f"  {cell:<9} {hidden:>6} {k:>4} {elman * 1e3:>10.3f} {'-':>11} {'-':>8}  not measured (no torch)")
            continue
        ratio = torch / elman
        verdict = f">= {target:.0f}x {'met' if ratio >= target else 'NOT MET'}"
        print(f"  {cell:<9} {hidden:>6} {k:>4} {elman * 1e3:>10.3f} {torch * 1e3:>11.3f} {ratio:>7.2f}x  {verdict}")


def network_table(table: dict[tuple[str, str], float]) -> None:
    """Issue 10's speed target: per training step (batch 1, k = 1) of each cell at hidden 6, 64 and 256, Elman
    (`elman-bench networks`, prefix engine) ≥ 20x faster than PyTorch (bench_reference.py, prefix torch), both from
    this run."""
    rows = [(cell, hidden, k, elman, NETWORK_TARGET) for cell, hidden, k, elman in network_steps(table)
            if k == "1" and hidden <= 256]
    if not rows:
        return
    print(f"\nGeneral networks, one training step (batch 1, k=1, SGD, sse/2), medians; target Elman >= "
          f"{NETWORK_TARGET:.0f}x faster than PyTorch:")
    step_rows(table, rows)


def big_network_table(table: dict[tuple[str, str], float]) -> None:
    """Issue 11's targets: per training step on a 200-step series (batch 1, SGD, sse/2) of each cell, Elman ≥ 10x
    faster than PyTorch at hidden 1024 with k = 1, ≥ 6x at hidden 1024 and ≥ 8x at hidden 512 with full
    back-propagation through time (k=full), both from this run: tools/reference/bench_big_networks.py measures the
    two sides alternately, in rounds of fresh processes, and pools each side's samples."""
    rows = [(cell, hidden, k, elman, BIG_NETWORK_TARGETS[(hidden, k)]) for cell, hidden, k, elman in
            network_steps(table) if (hidden, k) in BIG_NETWORK_TARGETS]
    if not rows:
        return
    print("\nBig networks (issue 11), one training step on a 200-step series (batch 1, SGD, sse/2), medians:")
    step_rows(table, rows)


SWEEP_TARGET = 5.0
WIRE_SWEEP = re.compile(r"^wire  sweep jobs/s over separate train calls' \(median / median\)  (?P<ratio>\S+)x", re.M)
PYTHON_SWEEP = re.compile(r"^python  .*one sweep (?P<one>[\d,]+) jobs/s .* ratio (?P<ratio>\S+)x", re.M)


def sweep_summary(text: str) -> None:
    """Issue 12's target: 1,000 seed configurations as one sweep >= 5x the jobs/s of 1,000 separate train calls
    through the same worker (`elman-bench sweep`, prefix wire; and from Python, prefix python)."""
    print(f"\n1,000 seed configurations as one sweep vs 1,000 train calls; target >= {SWEEP_TARGET:.0f}x:")
    for label, pattern in (("raw DEALER", WIRE_SWEEP), ("Python client", PYTHON_SWEEP)):
        found = pattern.search(text)
        if found is None:
            print(f"  {label}: not measured")
            continue
        ratio = float(found["ratio"])
        print(f"  {label}: {ratio:.2f}x  {'met' if ratio >= SWEEP_TARGET else 'NOT MET'}")


FRAMES_TARGET = 5.0
FRAMES_PREDICT = re.compile(r"^python  predict of (?P<points>[\d,]+) points from Python: JSON (?P<json>[\d.]+) ms  "
                            r"binary frames (?P<binary>[\d.]+) ms  ratio (?P<ratio>[\d.]+)x", re.M)
FRAMES_TRAIN = re.compile(r"^python  train on (?P<what>.+?), (?P<how>binary frames|JSON): wall (?P<wall>[\d.]+) s  "
                          r"engine (?P<engine>[\d.]+) s  outside the engine (?P<outside>\d+)%", re.M)


def binary_frames_summary(text: str) -> None:
    """Issue 11's target: predict of a 10⁶-point series round trip from Python >= 5x faster with binary frames than
    with JSON, in one run (`python -m elman.bench`); and training on that series, with the share of its wall time
    spent outside the engine (transfer, parsing, the client), each way."""
    found = FRAMES_PREDICT.search(text)
    print(f"\nBinary frames (issue 11), predict round trip from Python; target >= {FRAMES_TARGET:.0f}x JSON's speed:")
    if found is None:
        print("  not measured")
        return
    ratio = float(found["ratio"])
    print(f"  {found['points']} points: JSON {float(found['json']):.1f} ms, binary frames {float(found['binary']):.1f} "
          f"ms: {ratio:.1f}x  {'met' if ratio >= FRAMES_TARGET else 'NOT MET'}")
    for training in FRAMES_TRAIN.finditer(text):
        print(f"  train on {training['what']}, {training['how']}: wall {float(training['wall']):.2f} s, engine "
              f"{float(training['engine']):.2f} s, {training['outside']}% outside the engine")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "out/bench.txt")
