import ElmanCore
import Testing

@Suite("Seeded generator and initial weights")
struct SeededGeneratorTests {
    // Pinned from the independent Python implementation in tools/reference/seeded_generator.py.
    @Test("first draws for seed 0 are pinned")
    func pinnedDraws() {
        var generator = SeededGenerator(seed: 0)
        let draws = (0..<4).map { _ in generator.next() }
        #expect(draws == [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0, 0x6AA5_94F1_262D_2D2C])
    }

    @Test("ElmanWeights.random(hiddenSize: 6, seed: 0) is pinned")
    func pinnedWeights() {
        let weights = ElmanWeights.random(hiddenSize: 6, seed: 0)
        #expect(Array(weights.w1[0..<4]) == [-0.007585996296256781, -0.16148844361305237, 0.6500440239906311,
                                             -0.408499538898468])
        #expect(weights.w2 == [-0.1914895623922348, -0.2982580065727234, 0.1911339908838272, -0.3318876326084137,
                               -0.19104808568954468, 0.2698709964752197])
    }

    @Test("normals have the requested mean and standard deviation and a normal shape")
    func normalDistribution() {
        var generator = SeededGenerator(seed: 12345)
        let count = 200_000
        let samples = (0..<count).map { _ in generator.nextNormal(mean: 3, std: 2) }
        let mean = samples.reduce(0, +) / Double(count)
        let std = (samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count - 1)).squareRoot()
        // Standard errors: 2/√n ≈ 0.0045 for the mean, ≈ 0.0032 for the std; allow about four of them.
        #expect(abs(mean - 3) < 0.02)
        #expect(abs(std - 2) < 0.015)
        // Within one std: 68.27 %; within two: 95.45 %.
        let within1 = Double(samples.filter { abs($0 - 3) < 2 }.count) / Double(count)
        let within2 = Double(samples.filter { abs($0 - 3) < 4 }.count) / Double(count)
        #expect(abs(within1 - 0.6827) < 0.005)
        #expect(abs(within2 - 0.9545) < 0.003)
    }

    @Test("raw draws are uniform over the bits")
    func uniformBits() {
        var generator = SeededGenerator(seed: 99)
        let count = 100_000
        var ones = [Int](repeating: 0, count: 64)
        for _ in 0..<count {
            let value = generator.next()
            for bit in 0..<64 where value & (1 << UInt64(bit)) != 0 { ones[bit] += 1 }
        }
        // Each bit is set with probability 1/2; 5 standard errors is 0.0079.
        #expect(ones.allSatisfy { abs(Double($0) / Double(count) - 0.5) < 0.008 })
    }

    @Test("seeds give distinct streams; a copy continues independently and identically")
    func determinism() {
        var a = SeededGenerator(seed: 1), b = SeededGenerator(seed: 2)
        #expect((0..<8).map { _ in a.next() } != (0..<8).map { _ in b.next() })
        var copy = a
        #expect((0..<8).map { _ in a.next() } == (0..<8).map { _ in copy.next() })
        #expect(ElmanWeights.random(hiddenSize: 9, seed: 4) == ElmanWeights.random(hiddenSize: 9, seed: 4))
        #expect(ElmanWeights.random(hiddenSize: 9, seed: 4) != ElmanWeights.random(hiddenSize: 9, seed: 5))
    }

    @Test("random weights have the layout's sizes and the requested spread")
    func randomWeights() {
        let weights = ElmanWeights.random(hiddenSize: 64, seed: 7, w1Std: 0.4, w2Std: 0.3)
        #expect(weights.w1.count == 65 * 64 && weights.w2.count == 64)
        let w1 = weights.w1.map(Double.init)
        let std = (w1.reduce(0) { $0 + $1 * $1 } / Double(w1.count)).squareRoot()
        #expect(abs(std - 0.4) < 0.02)
    }
}
