/// The element types a buffer placeholder may name (PROTOCOL.md, "Binary frames"): little-endian IEEE 754 float32
/// and float64, numpy's `"<f4"` and `"<f8"`. Every value becomes a float32 (float64 rounds to nearest); integer
/// arrays stay JSON, so `"<i4"` is as unknown as any other spelling.
public enum BufferDType: String, CaseIterable, Sendable {
    case float32 = "<f4"
    case float64 = "<f8"

    /// Bytes per value.
    public var itemSize: Int {
        switch self {
        case .float32: 4
        case .float64: 8
        }
    }

    /// The `count` values of `bytes` (which holds exactly `count × itemSize`), each as a float32, in one pass.
    func floats(_ bytes: [UInt8], count: Int) -> [Float] {
        bytes.withUnsafeBytes { raw in
            [Float](filling: count) { output in
                switch self {
                case .float32:
                    for index in 0..<count {
                        let bits = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self))
                        output[index] = Float(bitPattern: bits)
                    }
                case .float64:
                    for index in 0..<count {
                        let bits = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self))
                        output[index] = Float(Double(bitPattern: bits))
                    }
                }
            }
        }
    }

    /// `values` as little-endian float32 bytes, what a reply's buffer holds.
    static func bytes(of values: [Float]) -> [UInt8] {
        [UInt8](filling: 4 * values.count) { output in
            let raw = UnsafeMutableRawBufferPointer(output)
            for (index, value) in values.enumerated() {
                raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: 4 * index, as: UInt32.self)
            }
        }
    }
}
