import Foundation
import Testing

extension SystemdIntegration {
    /// The shipped unit passes systemd's own checks and keeps its sandbox tight.
    @Suite struct UnitFileTests {
        /// The unit with ExecStart/ExecReload pointing at an executable that exists here (verify checks the path).
        private func installedCopy() throws -> URL {
            let unit = Subprocess.packageRoot.appendingPathComponent("systemd/activetune.service")
            let text = try String(contentsOf: unit, encoding: .utf8)
            #expect(text.contains("ExecStart=/usr/local/bin/activetune daemon --spool /var/spool/activetune"))
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("unit-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let copy = dir.appendingPathComponent("activetune.service")
            // ExecStart= and ExecReload= both run the installed binary.
            try text.replacingOccurrences(of: "=/usr/local/bin/activetune ", with: "=/bin/true ")
                .write(to: copy, atomically: true, encoding: .utf8)
            return copy
        }

        @Test func verifyPassesWithoutAnyWarning() throws {
            let copy = try installedCopy()
            defer { try? FileManager.default.removeItem(at: copy.deletingLastPathComponent()) }
            let result = try Subprocess.run("/usr/bin/systemd-analyze", ["verify", copy.path])
            #expect(result.status == 0)
            // Unknown or misspelt keys only warn on stderr, so stderr must be empty, not just the status zero.
            #expect(result.stderr.isEmpty, "systemd-analyze verify: \(result.stderr)")
        }

        @Test func securityExposureIsAtMostOnePointFive() throws {
            let copy = try installedCopy()
            defer { try? FileManager.default.removeItem(at: copy.deletingLastPathComponent()) }
            let result = try Subprocess.run("/usr/bin/systemd-analyze", ["security", "--offline=true", copy.path])
            let line = try #require(result.stdout.split(separator: "\n").first { $0.contains("Overall exposure level") })
            // "→ Overall exposure level for activetune.service: 0.4 SAFE 😀"
            let afterColon = try #require(line.split(separator: ":").last)
            let exposure = try #require(Double(afterColon.split(separator: " ").first ?? ""))
            #expect(exposure <= 1.5, "\(line)")
        }

        @Test func unitKeepsTheInstalledPathsAndWatchdogSettings() throws {
            let text = try String(contentsOf: Subprocess.packageRoot.appendingPathComponent("systemd/activetune.service"),
                                  encoding: .utf8)
            for setting in ["Type=notify", "NotifyAccess=main", "WatchdogSec=", "Environment=SWIFT_BACKTRACE=enable=no",
                            "--state /var/lib/activetune", "--config /etc/activetune/activetune.toml",
                            "StateDirectory=activetune", "ReadWritePaths=/var/spool/activetune", "PrivateNetwork=yes",
                            "ExecReload=/usr/local/bin/activetune reload --pid $MAINPID --state /var/lib/activetune", "Restart=on-failure", "User=activetune"] {
                #expect(text.contains(setting), "missing \(setting)")
            }
        }
    }
}
