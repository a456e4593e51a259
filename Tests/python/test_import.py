"""`import elman` needs no matplotlib: `elman.plot` is imported on first use (each case in a fresh interpreter)."""
from __future__ import annotations

import os
import subprocess
import sys


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "MPLBACKEND": "Agg"})


def test_import_elman_leaves_matplotlib_out_until_elman_plot_is_used() -> None:
    run = run_python(
        "import sys\n"
        "import elman\n"
        "assert 'matplotlib' not in sys.modules, 'import elman imported matplotlib'\n"
        "ax = elman.plot.seed_figure([0.5, 0.25], [1.0, 2.0, 3.0])\n"
        "assert 'matplotlib' in sys.modules and ax.get_legend() is not None\n"
        "from elman import plot\n"
        "assert plot is elman.plot and plot.loss_curve\n")
    assert run.returncode == 0, run.stderr


def test_elman_without_matplotlib_imports_and_says_what_is_missing_only_when_plotting() -> None:
    run = run_python(
        "import sys\n"
        "sys.modules['matplotlib'] = None  # as on a server without it: importing it raises ImportError\n"
        "import elman\n"
        "assert elman.Worker and elman.Sine().values.shape == (21,)\n"
        "try:\n"
        "    elman.plot\n"
        "except ImportError as error:\n"
        "    print(error)\n"
        "else:\n"
        "    raise AssertionError('elman.plot imported without matplotlib')\n")
    assert run.returncode == 0, run.stderr
    assert "matplotlib" in run.stdout


def test_an_unknown_attribute_is_still_an_attribute_error() -> None:
    run = run_python("import elman\ntry:\n    elman.surely_not_there\nexcept AttributeError as error:\n"
                     "    print(error)\n")
    assert run.returncode == 0 and "surely_not_there" in run.stdout, run.stderr
