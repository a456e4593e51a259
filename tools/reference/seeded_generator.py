"""An independent Python implementation of ElmanCore's SeededGenerator, used to pin its first values in the tests.

SplitMix64 from `seed` fills the four xoshiro256** state words; next() is xoshiro256**; normal() is Box–Muller on
u1 = 1 − (next() >> 11)·2⁻⁵³ and u2 = (next() >> 11)·2⁻⁵³: mean + std·√(−2 ln u1)·cos(2π u2), one normal per two draws.

Run: python3 tools/reference/seeded_generator.py   (prints the values pinned in SeededGeneratorTests.swift)
"""
import math

MASK = (1 << 64) - 1


def _rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class SeededGenerator:
    def __init__(self, seed):
        z = seed & MASK
        state = []
        for _ in range(4):
            z = (z + 0x9E3779B97F4A7C15) & MASK
            x = z
            x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK
            state.append(x ^ (x >> 31))
        self.s = state

    def next(self):
        s = self.s
        result = (_rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = _rotl(s[3], 45)
        return result

    def normal(self, mean, std):
        u1 = 1 - (self.next() >> 11) * 2.0 ** -53
        u2 = (self.next() >> 11) * 2.0 ** -53
        return mean + std * math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)


if __name__ == "__main__":
    import numpy as np

    g = SeededGenerator(0)
    print("next() for seed 0:", [hex(g.next()) for _ in range(4)])
    # ElmanWeights.random takes its stds as Float, so 0.4 and 0.3 enter widened from float32.
    g = SeededGenerator(0)
    w1 = [np.float32(g.normal(0, float(np.float32(0.4)))) for _ in range(7 * 6)]
    w2 = [np.float32(g.normal(0, float(np.float32(0.3)))) for _ in range(6)]
    print("ElmanWeights.random(hiddenSize: 6, seed: 0) w1[0..<4]:", [float(v) for v in w1[:4]])
    print("                                            w2:", [float(v) for v in w2])
