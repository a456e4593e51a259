import Foundation
import Testing

@testable import ElmanWorker

/// `--parent-pid`: reading a process's state from /proc/PID/stat (the zombie parent itself is in
/// Tests/python/test_worker_command_line.py, with a real parent killed and left unreaped).
@Suite struct ProcessWatchTests {
    @Test(arguments: [
        ("4711 (python3) S 1 4711", true),
        ("4711 (python3) R 1 4711", true),
        ("4711 (python3) Z 1 4711", false),
        ("4711 (python3) X 1 4711", false),
        ("4711 (a) R (b) Z 1 4711", false),
        ("4711 (x) Z) S 1 4711", true),
    ])
    func stateIsTheFieldAfterTheLastParenthesis(stat: String, running: Bool) {
        #expect(ProcessWatch.isRunning(stat: Array(stat.utf8)) == running)
    }

    @Test func thisProcessIsAliveAndAnUnusedIdIsNot() {
        #expect(ProcessWatch.isAlive(getpid()))
        #expect(!ProcessWatch.isAlive(Int32.max))
    }
}
