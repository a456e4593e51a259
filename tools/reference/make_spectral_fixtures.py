"""Writes Tests/ElmanCoreTests/Fixtures/spectral_radius.json: small square matrices and their spectral radius
max |λ| from numpy.linalg.eigvals (LAPACK's Hessenberg + shifted QR), for SpectralRadius's tests.

The cases are the ones where power iteration fails or is slow: non-symmetric random matrices, a dominant complex
pair, two dominant real eigenvalues of opposite sign, a Jordan block, nilpotent and zero matrices, a
non-normal matrix with a large eigenvector condition number.

Run: /work/torchenv/bin/python tools/reference/make_spectral_fixtures.py (numpy only)
"""
import json
import pathlib

import numpy as np

PATH = pathlib.Path(__file__).resolve().parents[2] / "Tests" / "ElmanCoreTests" / "Fixtures" / "spectral_radius.json"


def cases():
    rng = np.random.default_rng(20261130)
    theta = 0.7
    rotation = 0.9 * np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    basis = rng.normal(size=(4, 4))
    opposite = basis @ np.diag([1.3, -1.3, 0.5, 0.1]) @ np.linalg.inv(basis)
    jordan = 2.0 * np.eye(5) + np.diag(np.ones(4), 1)
    skewed = np.array([[0.5, 100.0], [0.0, 0.4]])
    return [
        ("random 3×3", rng.normal(size=(3, 3))),
        ("random 6×6", rng.normal(size=(6, 6)) / 3),
        ("random 16×16", rng.normal(size=(16, 16)) / 4),
        ("uniform 8×8 (PyTorch's init range)", rng.uniform(-0.35, 0.35, size=(8, 8))),
        ("scaled rotation: complex pair 0.9·e^{±0.7i}", rotation),
        ("eigenvalues ±1.3, 0.5, 0.1 in a random basis", opposite),
        ("Jordan block of 2, size 5", jordan),
        ("nilpotent: strictly upper triangular", np.triu(rng.normal(size=(4, 4)), 1)),
        ("zero 3×3", np.zeros((3, 3))),
        ("non-normal 2×2 (eigenvalues 0.5 and 0.4, norm 100)", skewed),
        ("1×1", np.array([[-0.25]])),
    ]


def main():
    out = [{"name": name, "matrix": matrix.tolist(), "rho": float(np.max(np.abs(np.linalg.eigvals(matrix))))}
           for name, matrix in cases()]
    PATH.write_text(json.dumps(out) + "\n")
    for case in out:
        print(f"{case['name']}: ρ = {case['rho']:.12g}")


if __name__ == "__main__":
    main()
