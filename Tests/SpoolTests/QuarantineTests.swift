import Foundation
import Glibc
import Spool
import TestSupport
import Testing

/// Entries that are not task files land in failed/ with a reason, without ever being opened or followed.
@Suite struct QuarantineTests {
    enum Kind: String, CaseIterable, Sendable { case directory, fifo, symlink, socket, oversize }

    /// Creates an entry of `kind` named `name` in the spool.
    static func make(_ kind: Kind, named name: String, in temp: TemporarySpool) throws {
        let path = temp.directory + "/" + name
        switch kind {
        case .directory:
            // Filled under a hidden name, then renamed in: a watcher would quarantine an empty one at once.
            let hidden = temp.directory + "/." + name
            try FileManager.default.createDirectory(atPath: hidden, withIntermediateDirectories: false)
            try Data("inside".utf8).write(to: URL(fileURLWithPath: hidden + "/inner.json"))
            #expect(rename(hidden, path) == 0)
        case .fifo:
            #expect(mkfifo(path, 0o644) == 0)
        case .symlink:
            #expect(symlink("/etc/passwd", path) == 0)
        case .socket:
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { bytes in
                for (index, byte) in path.utf8.prefix(bytes.count - 1).enumerated() { bytes[index] = byte }
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            #expect(bound == 0)
        case .oversize:
            try temp.drop(name, String(repeating: "x", count: 200))
        }
    }

    static let expectedReason: [Kind: String] = [
        .directory: "a directory", .fifo: "a FIFO", .symlink: "a symbolic link", .socket: "a socket",
        .oversize: "over the spool's size cap of 100 bytes",
    ]

    @Test(arguments: Kind.allCases)
    func badEntriesLandInFailedWithAReason(kind: Kind) throws {
        let temp = try TemporarySpool(maxFileSize: 100)
        try Self.make(kind, named: "bad-\(kind)", in: temp)
        let result = try temp.spool.claim("bad-\(kind)")
        guard case .quarantined(let name, let failedName, let reason) = result else {
            Issue.record("\(kind) was not quarantined: \(result)")
            return
        }
        #expect(name == "bad-\(kind)" && failedName == "bad-\(kind)")
        #expect(reason.contains(Self.expectedReason[kind]!) && reason.contains("HINT:"))
        #expect(try temp.list("failed") == ["bad-\(kind)", "bad-\(kind).reason"])
        #expect(try temp.text("failed/bad-\(kind).reason") == reason + "\n")
        #expect(try temp.list("processing").isEmpty)
        #expect(try !temp.list().contains("bad-\(kind)"))
        // The entry itself moved, unchanged: a symlink is still a link, a directory keeps its contents.
        var status = stat()
        #expect(lstat(temp.directory + "/failed/bad-\(kind)", &status) == 0)
        if kind == .symlink { #expect(status.st_mode & S_IFMT == S_IFLNK) }
        if kind == .directory { #expect(try temp.list("failed/bad-directory") == ["inner.json"]) }
    }

    @Test func aFileSwappedForASymlinkAfterTheClaimIsNotRead() throws {
        let temp = try TemporarySpool()
        try temp.drop("a.json")
        guard case .claimed(let file) = try temp.spool.claim("a.json") else { Issue.record("not claimed"); return }
        #expect(unlink(file.path) == 0 && symlink("/etc/passwd", file.path) == 0)
        let error = try #require(throws: SpoolError.self) { try temp.spool.read(file) }
        #expect(error.errno == ELOOP)
    }
}

/// An entry the daemon may not move (under the unit, a directory another user made without group write: moving it
/// rewrites its `..`) is reported once, with its reason in failed/, and left where it is.
@Suite struct UnmovableEntryTests {
    @Test func anEntryTheDaemonMayNotMoveIsReportedOnceAndLeftInPlace() throws {
        let temp = try TemporarySpool()
        let path = temp.directory + "/locked.json"
        try #require(mkdir(path, 0o755) == 0)
        // Root may move anything, so the test makes the directory immutable: rename(2) then fails with EPERM.
        let lock = try ExternalTool.run("chattr", ["+i", path])
        try #require(lock.status == 0, "chattr +i (needs ext4 or similar under \(temp.directory)): \(lock.stderr)")
        // Mutable again before the spool folder is removed (`temp` lives until then).
        defer { _ = try? ExternalTool.run("chattr", ["-i", path]); withExtendedLifetime(temp) {} }

        let first = try temp.spool.claim("locked.json")
        guard case .leftInSpool(let name, let reason) = first else {
            Issue.record("not reported as left in the spool: \(first)")
            return
        }
        #expect(name == "locked.json")
        #expect(reason.contains("a directory") && reason.contains("stays in the spool") && reason.contains("HINT:"))
        #expect(try temp.text("failed/locked.json.reason") == reason + "\n")
        #expect(try temp.list().contains("locked.json"), "the entry stays where the producer put it")
        // A rescan or a restart claims it again: the reason is there already, so nothing is reported twice.
        #expect(try temp.spool.claim("locked.json") == .ignored)
        #expect(try temp.list("failed") == ["locked.json.reason"])
    }
}
