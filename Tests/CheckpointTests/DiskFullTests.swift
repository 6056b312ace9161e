import Foundation
import Testing
@testable import Checkpoint

/// A commit that runs out of space (RLIMIT_FSIZE in a child, so write(2) fails with EFBIG) reports
/// the cause and leaves the old model active with no partial file behind.
@Suite struct DiskFullTests {
    @Test func failedWriteLeavesTheOldModelActive() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        let old = try fixture.store.commit(Fixture.checkpoint(round: 1)).id
        // 1 MiB of weights against a 64 KiB file-size limit.
        let child = try ChildProcess(ChildProcess.crashChild, ["disk-full", fixture.state, "262144", "65536"])
        let exit = child.wait()
        #expect(!exit.killed && exit.status == 3, "status \(exit.status): \(exit.stderr)")
        #expect(exit.stderr.contains("File too large"), "\(exit.stderr)")
        #expect(exit.stderr.contains("(diskFull at"))
        #expect(exit.stderr.contains("the active model is unchanged"))
        #expect(fixture.store.activeID == old)
        #expect(try fixture.store.versions() == [old])
        #expect(try fixture.temporaryFiles().isEmpty)
        #expect(try fixture.store.loadActive().checkpoint.provenance.round == 1)
    }
}
