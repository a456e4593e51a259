import ElmanCore
import ElmanJSON

/// The result of `gradient_flow`: `{"norms": [[‖∂L/∂h_s‖ for each step s] for each layer], "of"}`.
public struct GradientFlow: Equatable, Sendable {
    /// layers × steps.
    public var norms: [[Double]]
    public var of: GradientFlowTarget

    public init(norms: [[Double]], of: GradientFlowTarget) {
        self.norms = norms
        self.of = of
    }

    public var json: JSONValue {
        ["norms": .array(norms.map { .array($0.map(JSONValue.number)) }), "of": .string(of.rawValue)]
    }
}
