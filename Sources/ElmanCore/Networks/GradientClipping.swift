extension StateDict {
    /// torch.nn.utils.clip_grad_norm_ on these gradients: with the total norm ‖g‖ = √(Σ over tensors of
    /// ‖g_tensor‖²), every gradient is multiplied by min(1, maxNorm / (‖g‖ + 10⁻⁶)). Returns ‖g‖ before clipping.
    @discardableResult
    public mutating func clipNorm(to maxNorm: Double) -> Scalar {
        var squares: Scalar = 0
        for tensor in tensors {
            let norm = tensor.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
            squares += norm * norm
        }
        let total = squares.squareRoot()
        let scale = Swift.min(1, Scalar(maxNorm) / (total + Scalar(1e-6)))
        for index in tensors.indices {
            for j in tensors[index].values.indices { tensors[index].values[j] *= scale }
        }
        return total
    }
}
