import Foundation
import Testing
@testable import Checkpoint

/// A child process that commits and rotates in a loop is killed with SIGKILL at random moments;
/// after every kill, recovery leaves a loadable active model and no temporary file.
@Suite struct CrashConsistencyTests {
    @Test func sigkillAtRandomMomentsNeverBreaksTheActiveModel() throws {
        let fixture = try Fixture(keepLast: 3)
        defer { fixture.cleanUp() }
        let first = try fixture.store.commit(Fixture.checkpoint(round: 0)).id
        var generator = SystemRandomNumberGenerator()
        var interruptedCommits = 0
        let kills = 100
        for attempt in 0..<kills {
            // 256 KiB of weights: each commit spends real time writing and fsyncing.
            let child = try ChildProcess(ChildProcess.crashChild, ["loop", fixture.state, "65536"])
            // Start-up takes ~50 ms and a commit with its fsyncs ~100 ms here, so this spans several commits.
            usleep(UInt32.random(in: 10_000...300_000, using: &generator))
            child.kill()
            let exit = child.wait()
            try #require(exit.killed, "attempt \(attempt): the child exited by itself: \(exit.stderr)")

            let report = try fixture.store.recover()
            if !report.removedTemporaryFiles.isEmpty { interruptedCommits += 1 }
            #expect(report.rejected == nil, "attempt \(attempt): \(report.reason ?? "")")
            let active = try fixture.store.loadActive()
            #expect(active.id == report.active)
            #expect(try fixture.temporaryFiles().isEmpty)
        }
        // The kills must have landed inside commits, or the test proved nothing.
        #expect(interruptedCommits > 0, "no kill interrupted a commit in \(kills) attempts")
        #expect(try fixture.store.versions().last.map { $0 > first } == true)
    }
}
