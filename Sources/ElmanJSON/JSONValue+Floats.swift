extension JSONValue {
    /// An array of float32 values, each written with `Float`'s shortest round-trip digits (see `float`): how
    /// losses, predictions and weights go out.
    public static func floats(_ values: [Float]) -> JSONValue {
        .array(values.map(JSONValue.float))
    }
}
