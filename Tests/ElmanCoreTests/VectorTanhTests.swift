@testable import ElmanCore
import Foundation
import Testing

/// The fast path's branch-free tanh against the C library's Double tanh.
@Suite("Vectorised tanh")
struct VectorTanhTests {
    /// tanh of every value, a block at a time.
    static func vectorTanh(_ values: [Float]) -> [Float] {
        let width = Block.scalarCount
        return stride(from: 0, to: values.count, by: width).flatMap { start in
            var block = Block()
            for lane in 0..<min(width, values.count - start) { block[lane] = values[start + lane] }
            let result = tanh(block)
            return (0..<min(width, values.count - start)).map { result[$0] }
        }
    }

    @Test("within 1.6 ulp of the exact tanh from 1e-8 to 12, on both sides of the 0.625 switch")
    func accuracy() {
        let small = (0...2000).map { Float(1e-8 * pow(1e8, Double($0) / 2000)) }
        let grid = (0...600_000).map { Float($0) * 2e-5 }
        let values = small + grid + [Float(0.625).nextDown, 0.625, 10, 10.5]
        let results = Self.vectorTanh(values)
        var worst = 0.0
        for (x, y) in zip(values, results) {
            let exact = Foundation.tanh(Double(x))
            worst = max(worst, abs(Double(y) - exact) / Double(Float(exact).ulp))
        }
        #expect(worst <= 1.6)
    }

    @Test("odd, with ±0 kept, ±∞ giving ±1 and NaN staying NaN")
    func specialValues() {
        let values: [Float] = [0.3, 2.5, 1e-30, 40]
        #expect(Self.vectorTanh(values.map { -$0 }) == Self.vectorTanh(values).map { -$0 })
        let special = Self.vectorTanh([0, -0.0, .infinity, -.infinity, .nan, 1e30])
        #expect(special[0] == 0 && special[0].sign == .plus && special[1] == 0 && special[1].sign == .minus)
        #expect(special[2] == 1 && special[3] == -1 && special[4].isNaN && special[5] == 1)
    }
}
