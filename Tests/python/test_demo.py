"""`python -m elman.demo` (what `make demo` runs): the seed's lines on stdout and its figure as a PNG."""
from __future__ import annotations

import os
import re
import subprocess
import sys


def test_demo_prints_the_seed_lines_and_writes_the_figure(worker_binary, tmp_path) -> None:
    out = tmp_path / "sine_wave.png"
    run = subprocess.run([sys.executable, "-m", "elman.demo", "--out", str(out)], capture_output=True, text=True,
                         timeout=60, env={**os.environ, "ELMAN_WORKER": str(worker_binary), "MPLBACKEND": "Agg"})
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert [int(re.fullmatch(r"Epoch: (\d+) loss \d\.\d+(e-\d+)?", line).group(1)) for line in lines[:30]] \
        == list(range(0, 300, 10))
    assert "figure written to" in lines[30]
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
