import Foundation
import Testing

@testable import ElmanWorker

/// A stopped and released worker gives back everything it held, so a process may start and stop many.
@Suite struct WorkerLifetimeTests {
    /// The mailbox's wake-up pipe is what a leaked job runner keeps open (runner → mailbox → pipe), so each of 50
    /// workers' pipe must be closed once the worker has stopped and been released. Pipes are named by inode
    /// (`pipe:[N]` in /proc/self/fd), which no other pipe has while it is open, so tests running beside this one
    /// cannot make it pass or fail; counting all the process's descriptors would count theirs too.
    @Test func fiftyWorkersStartedAndStoppedCloseTheirPipes() throws {
        var pipes: Set<String> = []
        for _ in 0..<50 {
            let running = try RunningWorker(models: false)
            pipes.insert(try #require(Self.target(of: running.worker.jobs.mailbox.wakeup.fileDescriptor)))
            try running.stop()
        }
        #expect(pipes.count == 50)
        // Training threads drop their last references just after the loop has returned; wait for that.
        let deadline = ContinuousClock.now + .seconds(10)
        var open = pipes.intersection(Self.openTargets())
        while !open.isEmpty && ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.01)
            open = pipes.intersection(Self.openTargets())
        }
        #expect(open.isEmpty, "\(open.count) of 50 stopped workers still hold their mailbox pipe")
    }

    /// What an open descriptor of this process refers to, as /proc shows it (`pipe:[4711]`).
    static func target(of fd: Int32) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)")
    }

    /// What every open descriptor of this process refers to.
    static func openTargets() -> Set<String> {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return Set(fds.compactMap { Int32($0).flatMap(target(of:)) })
    }
}
