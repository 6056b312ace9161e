import Foundation
import Glibc
import Spool
import Testing

/// `prepare()` makes the spool's own subdirectories in a way the unit's hardening allows.
@Suite struct PrepareTests {
    /// The shipped spool is setgid (files dropped in belong to the submit group). `prepare()` asks for no setgid
    /// bit, which `RestrictSUIDSGID=yes` would refuse with EPERM; the subdirectories inherit it from the spool.
    @Test func subdirectoriesInheritTheSetgidBitTheyDoNotAskFor() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-sgid-\(UUID())").path
        try #require(mkdir(directory, 0o770) == 0)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try #require(chmod(directory, 0o2770) == 0, "chmod g+s: errno \(errno)")
        let spool = Spool(directory: directory, logger: TemporarySpool.quietLogger)
        try spool.prepare()
        for sub in [spool.processingDirectory, spool.doneDirectory, spool.failedDirectory] {
            var status = stat()
            try #require(stat(sub, &status) == 0)
            #expect(status.st_mode & S_ISGID != 0, "\(sub) lacks the setgid bit of its spool")
            #expect(status.st_mode & 0o7777 & ~S_ISGID & 0o027 == 0, "\(sub) is open to others: \(String(status.st_mode, radix: 8))")
        }
        // A second start finds them and leaves them as they are.
        try spool.prepare()
    }
}
