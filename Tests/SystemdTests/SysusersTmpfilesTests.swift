import Foundation
import Testing

extension SystemdIntegration {
    /// The sysusers and tmpfiles snippets, applied by the real tools to a scratch root directory.
    @Suite struct SysusersTmpfilesTests {
        @Test func usersGroupsAndSpoolAreCreatedWithTheIntendedModes() throws {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("root-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: root) }
            try FileManager.default.createDirectory(at: root.appendingPathComponent("etc"),
                                                    withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: root.appendingPathComponent("var/spool"),
                                                    withIntermediateDirectories: true)
            let snippets = Subprocess.packageRoot.appendingPathComponent("systemd")
            let sysusers = try Subprocess.run("/usr/bin/systemd-sysusers",
                                              ["--root=\(root.path)", snippets.appendingPathComponent("activetune.sysusers").path])
            #expect(sysusers.status == 0, "\(sysusers.stderr)")
            let tmpfiles = try Subprocess.run("/usr/bin/systemd-tmpfiles",
                                              ["--root=\(root.path)", "--create",
                                               snippets.appendingPathComponent("activetune.tmpfiles").path])
            #expect(tmpfiles.status == 0, "\(tmpfiles.stderr)")

            let group = try String(contentsOf: root.appendingPathComponent("etc/group"), encoding: .utf8)
            let passwd = try String(contentsOf: root.appendingPathComponent("etc/passwd"), encoding: .utf8)
            let submit = try #require(group.split(separator: "\n").first { $0.hasPrefix("activetune-submit:") })
            #expect(submit.hasSuffix(":activetune"), "the daemon must be a member of activetune-submit: \(submit)")
            let user = try #require(passwd.split(separator: "\n").first { $0.hasPrefix("activetune:") })
            let uid = try #require(Int(user.split(separator: ":")[2]))
            let submitGID = try #require(Int(submit.split(separator: ":")[2]))

            let spool = root.appendingPathComponent("var/spool/activetune")
            for (path, mode) in [(spool, 0o2770), (spool.appendingPathComponent("processing"), 0o2750),
                                 (spool.appendingPathComponent("done"), 0o2750),
                                 (spool.appendingPathComponent("failed"), 0o2750)] {
                var status = stat()
                #expect(lstat(path.path, &status) == 0, "\(path.path) was not created")
                #expect(Int(status.st_mode) & 0o7777 == mode, "\(path.lastPathComponent)")
                #expect(Int(status.st_uid) == uid && Int(status.st_gid) == submitGID, "\(path.lastPathComponent)")
            }
        }
    }
}
