/// The name of a saved model: `^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`, not ending in `.tmp`.
///
/// Invariant: `text` is a single plain file name for the models folder: no separators, no `..`, no hidden files,
/// never the worker's own temporary `.tmp` files. Only the initializer makes one, and it checks the pattern.
public struct ModelName: Equatable, Sendable {
    public let text: String

    public init(_ text: String) throws {
        let bytes = Array(text.utf8)
        func plain(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        }
        guard let first = bytes.first, plain(first), bytes.count <= 64,
              bytes.allSatisfy({ plain($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }),
              !text.hasSuffix(".tmp")
        else {
            throw RPCError.invalidParams("name", "must match ^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$ and not end in .tmp")
        }
        self.text = text
    }
}
