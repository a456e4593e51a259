"""Checks that the fast trainer allocates nothing per step.

valgrind counts every heap allocation of one `elman-bench train-once` run (the whole process: argument parsing,
weights, workspace, losses array, printing). If any kernel or epoch allocated, the count would grow with the
number of epochs; the check runs each configuration for 10 and for 300 epochs (6,000 steps) and requires equal
counts.

Run: python3 tools/reference/check_allocations.py [--binary .build-core/release/elman-bench]
(build first: swift build -c release --scratch-path .build-core --product elman-bench)
"""
import argparse
import re
import subprocess
import sys

# (hidden, truncation, learning rate): each must complete 300 epochs, or the runs would not do the same work per epoch.
CONFIGURATIONS = [(6, 1, 0.1), (6, 5, 0.1), (64, 1, 0.1), (64, 20, 0.01)]


def allocations(binary, hidden, truncation, learning_rate, epochs):
    run = subprocess.run(
        ["valgrind", binary, "train-once", "--hidden", str(hidden), "--truncation", str(truncation),
         "--learning-rate", str(learning_rate), "--epochs", str(epochs)],
        capture_output=True, text=True, check=True)
    if not run.stdout.startswith("completed"):
        sys.exit(f"hidden {hidden} k={truncation} did not complete {epochs} epochs: {run.stdout.strip()}")
    match = re.search(r"total heap usage: ([\d,]+) allocs", run.stderr)
    if match is None:
        sys.exit(f"no heap summary in valgrind's output:\n{run.stderr}")
    return int(match.group(1).replace(",", ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=".build-core/release/elman-bench")
    binary = parser.parse_args().binary
    failed = False
    for hidden, truncation, learning_rate in CONFIGURATIONS:
        few, many = (allocations(binary, hidden, truncation, learning_rate, epochs) for epochs in (10, 300))
        verdict = "ok" if few == many else "ALLOCATES PER STEP"
        print(f"hidden {hidden} k={truncation}: {few} allocations for 10 epochs, {many} for 300 epochs: {verdict}")
        failed |= few != many
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
