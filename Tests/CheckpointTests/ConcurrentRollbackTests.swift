import Foundation
import Testing
@testable import Checkpoint

/// `rollback` from another process while a writer commits and rotates: the lock serialises them, so
/// every rollback finds a verified previous model and the store stays consistent.
@Suite struct ConcurrentRollbackTests {
    @Test func rollbacksInterleaveSafelyWithAnotherProcessCommitting() throws {
        let fixture = try Fixture(keepLast: 1)
        defer { fixture.cleanUp() }
        try fixture.store.commit(Fixture.checkpoint(round: 1))
        try fixture.store.commit(Fixture.checkpoint(round: 2))
        let child = try ChildProcess(ChildProcess.crashChild, ["loop", fixture.state, "16384"])
        defer { child.kill(); _ = child.wait() }
        var rollbacks = 0
        for _ in 0..<20 {
            usleep(20_000)
            let target = try fixture.store.rollback()
            rollbacks += 1
            // Whatever the writer did since, the active model is complete and valid.
            #expect(try fixture.store.loadActive().id >= CheckpointID(sequence: 1, hash: 0), "after \(target)")
        }
        child.kill()
        _ = child.wait()
        #expect(rollbacks == 20)
        #expect(try fixture.store.versions().count > 2, "the writer never committed")
        let report = try fixture.store.recover()
        #expect(report.rejected == nil && report.active != nil)
        #expect(fixture.store.previousID != nil && fixture.store.previousID != fixture.store.activeID)
    }

    @Test func rollbackWaitsForTheLockHeldByAnotherProcess() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        let first = try fixture.store.commit(Fixture.checkpoint(round: 1)).id
        try fixture.store.commit(Fixture.checkpoint(round: 2))
        let child = try ChildProcess(ChildProcess.crashChild, ["hold-lock", fixture.state, "600"])
        defer { child.kill(); _ = child.wait() }
        let marker = fixture.state + "/locked"
        for _ in 0..<500 where !FileManager.default.fileExists(atPath: marker) { usleep(10_000) }
        try #require(FileManager.default.fileExists(atPath: marker), "the child never took the lock")
        let start = ContinuousClock.now
        #expect(try fixture.store.rollback() == first)
        let waited = ContinuousClock.now - start
        #expect(waited >= .milliseconds(400), "rollback did not wait for the lock (\(waited))")
        #expect(child.wait().status == 0)
    }
}
