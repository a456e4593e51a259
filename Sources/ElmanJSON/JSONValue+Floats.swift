extension JSONValue {
    /// A vector of float32 values (a `tensor`): how losses, predictions and weights go out. Written as JSON, each
    /// value has `Float`'s shortest round-trip digits (see `float`); as a binary frame, its four bytes.
    public static func floats(_ values: [Float]) -> JSONValue {
        .tensor(FloatTensor(values))
    }
}
