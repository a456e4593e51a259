#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `NetworkWorkspace` and `NetworkInference` get their memory: buffers of Floats as they were left (fresh or
/// recycled: the owner writes what it reads, zeroing only what needs zero), given back with `release`.
///
/// A training job writes its whole workspace, and at hidden 1024 that is tens of MB: fresh memory costs a page
/// fault per 4 KiB page (first touching 50 MB took 30 ms) and the kernel's zeroing of each page before ours. So
/// buffers of 2 MiB and more are aligned to 2 MiB and ask for transparent huge pages where Linux offers them on
/// request (its `madvise` mode, as on these machines: the same 50 MB in 6 ms), and a released one is kept for the
/// next workspace of its size (`Recycled`) instead of going back to the kernel, so that jobs after the first
/// reuse mapped pages. Smaller buffers come from the C library's heap, which reuses freed memory
/// itself. Allocation failure traps, as Swift's allocators do.
enum WorkspaceMemory {
    /// `count` Floats whose values are unspecified: the owner writes each before reading it. (Zeroing 25 MB costs
    /// 2–3 ms, a tenth of the setup of a one-epoch job at hidden 1024, which overwrites most of it anyway.)
    static func floats(count: Int) -> UnsafeMutableBufferPointer<Float> {
        let bytes = Self.bytes(count: count)
        var start = bytes >= Recycled.hugePage ? Recycled.shared.take(bytes: bytes) : nil
        if start == nil {
            guard posix_memalign(&start, bytes >= Recycled.hugePage ? Recycled.hugePage : 64, bytes) == 0 else {
                fatalError("cannot allocate \(bytes) bytes for a training workspace")
            }
            #if canImport(Glibc)
            if bytes >= Recycled.hugePage { _ = madvise(start, bytes, MADV_HUGEPAGE) }
            #endif
        }
        return UnsafeMutableBufferPointer(start: start!.bindMemory(to: Float.self, capacity: count), count: count)
    }

    /// Gives back a buffer from `floats`; it must not be used again.
    static func release(_ buffer: UnsafeMutableBufferPointer<Float>) {
        let start = UnsafeMutableRawPointer(buffer.baseAddress!), bytes = Self.bytes(count: buffer.count)
        if bytes < Recycled.hugePage || !Recycled.shared.keep(start, bytes: bytes) { free(start) }
    }

    /// The bytes allocated for `count` Floats: whole huge pages from 2 MiB.
    private static func bytes(count: Int) -> Int {
        let needed = max(1, count) * MemoryLayout<Float>.stride
        return needed < Recycled.hugePage ? needed
            : (needed + Recycled.hugePage - 1) / Recycled.hugePage * Recycled.hugePage
    }
}

/// Big workspace buffers kept after their workspace went, for the next one of the same size (the next job on the
/// same network, a sweep's runs): at most `limit` bytes in all, the oldest freed first when a new one does not
/// fit. Shared by every training thread, behind a lock.
private final class Recycled: @unchecked Sendable {
    static let shared = Recycled()
    static let hugePage = 2 << 20
    /// The most memory kept idle.
    static let limit = 256 << 20

    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private var kept: [(start: UnsafeMutableRawPointer, bytes: Int)] = []

    private init() {
        lock = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
    }

    /// A kept buffer of exactly `bytes`, no longer kept; nil if there is none.
    func take(bytes: Int) -> UnsafeMutableRawPointer? {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        guard let index = kept.lastIndex(where: { $0.bytes == bytes }) else { return nil }
        return kept.remove(at: index).start
    }

    /// Keeps `start` (`bytes` long), freeing the oldest kept buffers to stay within `limit`; false, and nothing
    /// kept, when `bytes` alone is over the limit.
    func keep(_ start: UnsafeMutableRawPointer, bytes: Int) -> Bool {
        guard bytes <= Self.limit else { return false }
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        while kept.reduce(bytes, { $0 + $1.bytes }) > Self.limit { free(kept.removeFirst().start) }
        kept.append((start, bytes))
        return true
    }
}
