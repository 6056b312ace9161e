import Foundation
import Logging
import TestSupport
import Systemd
import Testing

extension SystemdIntegration {
    /// Entries written through JournalLogHandler, read back with journalctl from a real journald.
    @Suite struct JournaldTests {
        /// The entries journalctl returns for `match`, retried briefly because journald writes asynchronously.
        private func entries(matching match: String, count: Int) throws -> [[String: Any]] {
            var found: [[String: Any]] = []
            for _ in 0..<50 {
                let result = try Subprocess.run("/usr/bin/journalctl", [match, "-o", "json", "--no-pager"])
                found = result.stdout.split(separator: "\n").compactMap {
                    try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
                }
                if found.count >= count { break }
                usleep(100_000)
            }
            return found
        }

        @Test func structuredFieldsMessageIDAndPriorityReachTheJournal() throws {
            let journald = try StandaloneJournald()
            defer { journald.stop() }
            let task = "task-\(UUID().uuidString)"
            var logger = Logger(label: "daemon") { JournalLogHandler(label: $0, logLevel: .debug) }
            logger[metadataKey: "model"] = "v7"
            logger.log(event: .rejected, "task rejected\nsecond line", metadata: ["task": "\(task)", "reason": "empty"])
            logger.log(event: .trainingProgress, "training", metadata: ["task": "\(task)", "round": "3", "loss": "2.5"])

            let found = try entries(matching: "ACTIVETUNE_TASK=\(task)", count: 2)
            try #require(found.count == 2, "journalctl returned \(found.count) entries for \(task)")
            let rejected = try #require(found.first { $0["ACTIVETUNE_EVENT"] as? String == "rejected" })
            #expect(rejected["MESSAGE"] as? String == "task rejected\nsecond line")
            #expect(rejected["MESSAGE_ID"] as? String == ActivetuneEvent.rejected.messageID)
            #expect(rejected["PRIORITY"] as? String == "4")
            #expect(rejected["SYSLOG_IDENTIFIER"] as? String == "activetune")
            #expect(rejected["ACTIVETUNE_REASON"] as? String == "empty")
            #expect(rejected["ACTIVETUNE_MODEL"] as? String == "v7")
            #expect(rejected["ACTIVETUNE_LOGGER"] as? String == "daemon")
            #expect((rejected["CODE_FILE"] as? String)?.hasSuffix("JournaldTests.swift") == true)
            #expect(Int(rejected["CODE_LINE"] as? String ?? "") != nil)
            #expect((rejected["CODE_FUNC"] as? String)?.hasPrefix("structuredFields") == true)

            let progress = try #require(found.first { $0["ACTIVETUNE_EVENT"] as? String == "training_progress" })
            #expect(progress["MESSAGE_ID"] as? String == ActivetuneEvent.trainingProgress.messageID)
            #expect(progress["PRIORITY"] as? String == "6")
            #expect(progress["ACTIVETUNE_ROUND"] as? String == "3")
            #expect(progress["ACTIVETUNE_LOSS"] as? String == "2.5")

            let byMessageID = try entries(matching: "MESSAGE_ID=\(ActivetuneEvent.rejected.messageID)", count: 1)
            #expect(byMessageID.contains { $0["ACTIVETUNE_TASK"] as? String == task })
        }
    }
}
