"""Fits the polynomial of ElmanCore's vectorised tanh (Sources/ElmanCore/VectorTanh.swift) and reports its error.

For |x| < 0.625, tanh x = x + x³·P(x²) with P of degree 4, fitted by least squares on Chebyshev nodes, weighted for
relative error of tanh. Above, tanh |x| = (1 − e)/(1 + e) with e = exp(−2|x|) from a Cody–Waite reduction and the
degree-7 Taylor polynomial of exp. The whole float32 computation is emulated with numpy to report the error in ulps.

Run: python3 tools/reference/fit_tanh.py
"""
import math

import numpy as np

F = np.float32
THRESHOLD = 0.625
DEGREE = 4
LN2_HI = 0.693145751953125  # ln 2 to 16 significant bits, so n·LN2_HI is exact for |n| < 2^8
LN2_LO = math.log(2) - LN2_HI


def fit():
    nodes = 4000
    u = THRESHOLD ** 2 * (0.5 + 0.5 * np.cos(np.pi * (np.arange(nodes) + 0.5) / nodes))
    x = np.sqrt(u)
    target = np.array([(math.tanh(v) - v) / v ** 3 if v > 1e-3 else -1 / 3 + 2 * v * v / 15 - 17 * v ** 4 / 315
                       for v in x])
    weight = x ** 3 / np.tanh(x)
    powers = np.vstack([u ** i for i in range(DEGREE + 1)]).T
    coefficients, *_ = np.linalg.lstsq(powers * weight[:, None], target * weight, rcond=None)
    return [F(c) for c in coefficients]


def emulate(xs, p):
    a = np.abs(xs)
    u = a * a
    poly = p[-1]
    for c in p[-2::-1]:
        poly = poly * u + c
    small = a + a * u * poly
    v = F(-2) * np.minimum(a, F(10))
    magic = F(12582912)  # 1.5·2^23: adding and subtracting it rounds to the nearest integer
    n = (v * F(1 / math.log(2)) + magic) - magic
    r = (v - n * F(LN2_HI)) - n * F(LN2_LO)
    taylor = F(1 / 5040)
    for c in [1 / 720, 1 / 120, 1 / 24, 1 / 6, 1 / 2, 1, 1]:
        taylor = taylor * r + F(c)
    e = taylor * np.ldexp(F(1), n.astype(np.int32)).astype(F)
    large = (F(1) - e) / (F(1) + e)
    return np.copysign(np.where(a < F(THRESHOLD), small, large), xs)


def main():
    p = fit()
    xs = np.concatenate([np.geomspace(1e-8, 1e-2, 100001), np.linspace(0, 1, 2000001),
                         np.linspace(1, 10, 500001)]).astype(F)
    exact = np.tanh(xs.astype(np.float64))
    ulps = np.abs(emulate(xs, p).astype(np.float64) - exact) / np.spacing(np.abs(exact).astype(F)).astype(np.float64)
    small = xs < THRESHOLD
    print("P coefficients (u⁰…u⁴):", [float(c) for c in p])
    print(f"max error {ulps[small].max():.2f} ulp below {THRESHOLD}, {ulps[~small].max():.2f} ulp above")
    print(f"Cody–Waite: ln2 hi {LN2_HI!r}, lo {float(F(LN2_LO))!r}")


if __name__ == "__main__":
    main()
