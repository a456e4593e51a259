extension Array {
    /// `count` elements, every one of which `fill` initialises through the buffer it is given, without filling the
    /// array first: `init(unsafeUninitializedCapacity:initializingWith:)`, except that no elements give `[]`. That
    /// initialiser writes the count of the one empty-array storage all threads share even when asked for none, a
    /// data race ThreadSanitizer reports against any thread reading an empty array at the time.
    @inlinable
    public init(filling count: Int, _ fill: (UnsafeMutableBufferPointer<Element>) -> Void) {
        guard count > 0 else {
            self = []
            return
        }
        self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(buffer)
            initialized = count
        }
    }
}
