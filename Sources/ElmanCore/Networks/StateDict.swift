/// A network's parameters as PyTorch's `state_dict()` holds them: names in `named_parameters()` order
/// (`NetworkDescription.parameterShapes`), each a tensor of PyTorch's shape with its values row-major.
///
/// The same type carries gradients (∂loss/∂ of each entry, same names and shapes) and, generic over the scalar,
/// Float parameters (to compare with PyTorch) or Double ones (for finite-difference checks).
///
/// Invariants: `tensors` matches `network.parameterShapes` entry by entry, each holding the product of its
/// shape's values.
public struct StateDict<Scalar: ReferenceScalar>: Equatable, Sendable {
    /// One entry: its shape (e.g. [G·H, D]) and shape.reduce(1, *) values, row-major.
    public struct Tensor: Equatable, Sendable {
        public var shape: [Int]
        public var values: [Scalar]

        public init(shape: [Int], values: [Scalar]) {
            self.shape = shape
            self.values = values
        }
    }

    /// The network these parameters belong to.
    public let network: NetworkDescription
    /// The parameter names, in order.
    public let names: [String]
    /// The tensors, in the order of `names`.
    public internal(set) var tensors: [Tensor]

    /// Checks `tensors` against `description`: every expected name present with its exact shape and value count,
    /// no other name, every value finite. Throws `ElmanError.shape` or `.notFinite`, naming the key.
    public init(_ description: NetworkDescription, tensors: [String: Tensor]) throws {
        let expected = description.parameterShapes
        if let extra = tensors.keys.sorted().first(where: { name in !expected.contains { $0.name == name } }) {
            throw ElmanError.shape("\(extra) is not a parameter of this network")
        }
        var ordered: [Tensor] = []
        for (name, shape) in expected {
            guard let tensor = tensors[name] else { throw ElmanError.shape("\(name) is missing") }
            guard tensor.shape == shape, tensor.values.count == shape.reduce(1, *) else {
                throw ElmanError.shape("\(name) must have shape \(shape), got \(tensor.shape) "
                    + "with \(tensor.values.count) values")
            }
            if let index = tensor.values.firstIndex(where: { !$0.isFinite }) {
                throw ElmanError.notFinite("\(name)[\(index)] (row-major)")
            }
            ordered.append(tensor)
        }
        self.init(unchecked: description, tensors: ordered)
    }

    /// Tensors already in order and of the right shapes.
    init(unchecked description: NetworkDescription, tensors: [Tensor]) {
        network = description
        names = description.parameterShapes.map(\.name)
        self.tensors = tensors
    }

    /// Every entry zero: the start of a gradient sum.
    public static func zeros(_ description: NetworkDescription) -> StateDict {
        StateDict(unchecked: description, tensors: description.parameterShapes.map { _, shape in
            Tensor(shape: shape, values: [Scalar](repeating: 0, count: shape.reduce(1, *)))
        })
    }

    /// The tensor named `name`, if the network has it.
    public subscript(name: String) -> Tensor? {
        names.firstIndex(of: name).map { tensors[$0] }
    }

    /// The same entries with every value converted (Float ↔ Double).
    public func converted<Other: ReferenceScalar>(to _: Other.Type = Other.self) -> StateDict<Other> {
        StateDict<Other>(unchecked: network, tensors: tensors.map {
            StateDict<Other>.Tensor(shape: $0.shape, values: $0.values.map { Other($0) })
        })
    }

    public var isFinite: Bool { tensors.allSatisfy { $0.values.allSatisfy(\.isFinite) } }

    /// Layer `layer`'s cell parameters (biases empty without bias); arrays are shared, not copied.
    func layer(_ layer: Int) -> LayerTensors<Scalar> {
        let first = layer * network.tensorsPerLayer
        return LayerTensors(
            weightIH: tensors[first].values, weightHH: tensors[first + 1].values,
            biasIH: network.bias ? tensors[first + 2].values : [],
            biasHH: network.bias ? tensors[first + 3].values : [])
    }

    /// The head's weight (O × H, row-major) and bias (O values, empty without bias).
    var head: (weight: [Scalar], bias: [Scalar]) {
        let first = network.numLayers * network.tensorsPerLayer
        return (tensors[first].values, network.bias ? tensors[first + 1].values : [])
    }

    /// Assembles layers and head in `named_parameters()` order (the inverse of `layer(_:)` and `head`).
    init(_ description: NetworkDescription, layers: [LayerTensors<Scalar>], headWeight: [Scalar], headBias: [Scalar]) {
        var values: [[Scalar]] = []
        for layer in layers {
            values += [layer.weightIH, layer.weightHH]
            if description.bias { values += [layer.biasIH, layer.biasHH] }
        }
        values.append(headWeight)
        if description.bias { values.append(headBias) }
        self.init(unchecked: description, tensors: zip(description.parameterShapes, values).map { entry, values in
            Tensor(shape: entry.shape, values: values)
        })
    }
}

/// One layer's cell parameters, each row-major with G·H rows: weight_ih (× D or H columns), weight_hh (× H),
/// bias_ih and bias_hh (empty when the network has no bias). Also used for their gradients.
struct LayerTensors<Scalar: ReferenceScalar> {
    var weightIH: [Scalar]
    var weightHH: [Scalar]
    var biasIH: [Scalar]
    var biasHH: [Scalar]

    /// The same shapes, all zero.
    var zeros: LayerTensors {
        LayerTensors(weightIH: weightIH.map { _ in 0 }, weightHH: weightHH.map { _ in 0 },
                     biasIH: biasIH.map { _ in 0 }, biasHH: biasHH.map { _ in 0 })
    }
}
