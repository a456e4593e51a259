import ElmanCore
import Foundation
import Testing

/// `SpectralRadius` against numpy.linalg.eigvals on matrices where power iteration fails (Fixtures/
/// spectral_radius.json, from tools/reference/make_spectral_fixtures.py).
@Suite struct SpectralRadiusTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let matrix: [Double]
        let size: Int
        let rho: Double
        var testDescription: String { name }
    }

    static var cases: [Case] {
        guard let url = Bundle.module.url(forResource: "spectral_radius", withExtension: "json",
                                          subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url),
              let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { return [] }
        return list.compactMap { entry in
            guard let name = entry["name"] as? String, let rows = entry["matrix"] as? [[Double]],
                  let rho = entry["rho"] as? Double else { return nil }
            return Case(name: name, matrix: rows.flatMap { $0 }, size: rows.count, rho: rho)
        }
    }

    @Test func thereAreCases() { #expect(Self.cases.count >= 10) }

    @Test(arguments: cases)
    func matchesNumpy(_ example: Case) {
        let rho = SpectralRadius.of(example.matrix, size: example.size)
        #expect(abs(rho - example.rho) <= 1e-8 * max(example.rho, 1e-300), "\(example.name): \(rho) vs \(example.rho)")
    }

    /// Per gate block of W_hh: an LSTM's four blocks are the four matrices set in them.
    @Test func stateDictRadiiArePerLayerAndGate() throws {
        let network = try NetworkDescription(cell: .lstm, inputSize: 1, hiddenSize: 2, numLayers: 2, outputSize: 1)
        var parameters = StateDict<Float>.pytorchDefault(network, seed: 3)
        let diagonals: [[Float]] = [[0.5, -0.25], [2, 1], [0, 0], [-3, 0.125]]
        var tensors: [String: StateDict<Float>.Tensor] = [:]
        for name in parameters.names { tensors[name] = parameters[name] }
        tensors["rnn.weight_hh_l1"] = .init(shape: [8, 2], values: diagonals.flatMap { [$0[0], 0, 0, $0[1]] })
        parameters = try StateDict(network, tensors: tensors)
        let radii = parameters.recurrentSpectralRadii
        #expect(radii.count == 2 && radii.allSatisfy { $0.count == 4 })
        #expect(zip(radii[1], [0.5, 2, 0, 3]).allSatisfy { abs($0 - $1) <= 1e-12 * max($1, 1) }, "\(radii[1])")
    }
}
