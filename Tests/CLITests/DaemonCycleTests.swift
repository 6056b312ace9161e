import Foundation
import TestSupport
import Testing

/// The whole active-learning cycle with the real binary on real NIV2 tasks: intake, round 0 on random tasks,
/// scoring against the round-0 model, a budget-triggered selection round, checkpoints committed and rotated,
/// then the remaining pool re-scored against the new model; one more task brings a third round, whose commit
/// prunes the oldest version (`checkpoints.keep = 1` besides active and previous). Sizes are small so it runs in
/// about a minute. The daemon logs to a standalone journald, and the events are read back with
/// `journalctl FIELD=value`: each event once, with its fields, and no line about a checkpoint without an event.
@Suite(.serialized) struct DaemonCycleTests {
    static let tasks = SmallRounds.tasks
    static let configuration = SmallRounds.configuration(extra: "[checkpoints]\nkeep = 1\n[evaluation]\ninstances = 2\n")

    @Test func roundZeroScoringSelectionCheckpointAndRotation() async throws {
        let journald = try StandaloneJournald()
        defer { journald.stop() }
        let daemon = try DaemonProcess()
        let config = daemon.root.appendingPathComponent("activetune.toml")
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        // Held-out tasks: each round's model is evaluated on them and the result goes into its provenance.
        let evaluation = "\n[evaluation]\ndirectory = \"\(repository.appendingPathComponent("examples/eval").path)\"\n"
        try (Self.configuration.replacingOccurrences(of: "\n[evaluation]\n", with: evaluation))
            .write(to: config, atomically: true, encoding: .utf8)
        try daemon.start(["--config", config.path], journal: true)
        #expect(await daemon.eventually { daemon.notify.received.contains("READY=1") }, "no READY=1: \(daemon.logText)")

        let examples = repository.appendingPathComponent("examples/tasks")
        for name in Self.tasks {
            try daemon.drop(Array(Data(contentsOf: examples.appendingPathComponent("\(name).json"))), as: "\(name).json")
        }

        // Round 0 and round 1 both rotate a model in.
        let rotated = await daemon.eventually(timeout: 600) {
            let rounds = (try? daemon.status())?["rounds"] as? [String: Any]
            return (rounds?["rotated"] as? Int ?? 0) >= 2
        }
        let pid = daemon.process.processIdentifier
        #expect(rotated, "the cycle did not complete:\n\(Self.journal(pid: pid, "PRIORITY=3").description.suffix(4000))")
        // Each event is in the journal with its catalogued MESSAGE_ID and the fields operators filter on.
        let events: [(event: String, fields: [String])] = [
            ("accepted", ["ACTIVETUNE_TASK"]), ("round_started", ["ACTIVETUNE_ROUND", "ACTIVETUNE_STRATEGY"]),
            ("training_progress", ["ACTIVETUNE_ROUND", "ACTIVETUNE_LOSS", "ACTIVETUNE_TOKENS_PER_S", "ACTIVETUNE_ETA_S"]),
            ("evaluated", ["ACTIVETUNE_ROUND", "ACTIVETUNE_ROUGE_L"]), ("committed", ["ACTIVETUNE_MODEL"]), ("rotated", ["ACTIVETUNE_MODEL", "ACTIVETUNE_ROUND"]),
            ("scored", ["ACTIVETUNE_TASK", "ACTIVETUNE_MODEL", "ACTIVETUNE_PROMPT_UNCERTAINTY"]),
        ]
        for (event, fields) in events {
            let entries = Self.journal(pid: pid, "ACTIVETUNE_EVENT=\(event)")
            let entry = entries.first
            #expect(entry != nil, "no `\(event)` event in the journal")
            #expect((entry?["MESSAGE_ID"] as? String)?.count == 32, "`\(event)` has no MESSAGE_ID")
            for field in fields { #expect(entry?[field] != nil, "`\(event)` lacks \(field)") }
        }
        #expect(Self.journal(pid: pid, "ACTIVETUNE_EVENT=rotated").count >= 2)
        #expect(daemon.names(in: "done") == Self.tasks.map { "\($0).json" }.sorted())

        // Three versions: the default model, round 0's and round 1's; the last is active, round 0's is previous.
        let listing = try ActiveTuneBinary.run(["checkpoints", "--json", "--state", daemon.state.path])
        let versions = try #require(try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [[String: Any]])
        #expect(versions.count == 3, "\(listing.stdout)")
        let active = try #require(versions.first { $0["active"] as? Bool == true })
        let provenance = try #require(active["provenance"] as? [String: Any])
        #expect(provenance["round"] as? Int == 1)
        #expect(provenance["strategy"] as? String == "prompt-uncertainty")
        #expect((provenance["tasks"] as? [Any])?.count == 1)
        let scores = provenance["evaluation"] as? [String: Any]
        #expect(scores?["rougeL"] is Double, "no held-out ROUGE-L in the provenance: \(provenance)")

        // The task no round selected is scored again against the new model; the checkpoint decodes with `lz4`.
        let activeID = try #require(active["id"] as? String)
        let rescored = await daemon.eventually(timeout: 120) {
            let result = try? ActiveTuneBinary.run(["scores", "--json", "--state", daemon.state.path])
            return result?.stdout.contains(activeID) == true
        }
        #expect(rescored, "the remaining pool was not re-scored against \(activeID)")
        let lz4 = Process()
        lz4.executableURL = URL(fileURLWithPath: "/usr/bin/lz4")
        lz4.arguments = ["-t", daemon.state.appendingPathComponent("checkpoints/\(activeID).ckpt.lz4").path]
        try lz4.run()
        lz4.waitUntilExit()
        #expect(lz4.terminationStatus == 0)

        // A fifth task fills the pool again: round 2 rotates, and retention removes the default model, the oldest
        // version that is neither active nor previous, keeping round 0's as the one version besides them.
        try daemon.drop(Array(Data(contentsOf: examples.appendingPathComponent("task1319_country_by_barcode_prefix.json"))),
                        as: "task1319_country_by_barcode_prefix.json")
        #expect(await daemon.eventually(timeout: 600) {
            ((try? daemon.status())?["rounds"] as? [String: Any])?["rotated"] as? Int ?? 0 >= 3
        }, "round 2 did not rotate")
        let oldest = try #require(versions.map { $0["id"] as? String }.compactMap { $0 }.sorted().first)
        let pruned = Self.journal(pid: pid, "ACTIVETUNE_EVENT=pruned")
        #expect(pruned.count == 1 && pruned.first?["ACTIVETUNE_REMOVED"] as? String == oldest, "\(pruned)")
        let after = try ActiveTuneBinary.run(["checkpoints", "--json", "--state", daemon.state.path])
        let remaining = try #require(try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [[String: Any]])
        #expect(remaining.count == 3 && !remaining.contains { $0["id"] as? String == oldest }, "\(after.stdout)")

        // Each commit and rotation is one journal line, logged where the decision is made, with its event.
        let all = Self.journal(pid: pid, "_PID=\(pid)")
        let checkpointLines = all.filter { entry in
            let message = (entry["MESSAGE"] as? String ?? "").lowercased()
            return message.contains("checkpoint") || message.contains("active model")
        }
        let unevented = checkpointLines.filter { $0["ACTIVETUNE_EVENT"] == nil }.map { $0["MESSAGE"] as? String ?? "" }
        #expect(unevented.isEmpty, "checkpoint lines without an event: \(unevented)")
        for event in ["committed", "rotated"] {
            let models = Self.journal(pid: pid, "ACTIVETUNE_EVENT=\(event)").compactMap { $0["ACTIVETUNE_MODEL"] as? String }
            #expect(Set(models).count == models.count, "`\(event)` logged twice for a model: \(models)")
        }
        #expect(Self.journal(pid: pid, "ACTIVETUNE_EVENT=rotated").count == 3)

        #expect(await daemon.stop() == 0)
    }

    /// Journal entries of process `pid` matching `match`, as `journalctl -o json` gives them (retried briefly:
    /// journald writes asynchronously).
    static func journal(pid: Int32, _ match: String) -> [[String: Any]] {
        for _ in 0..<20 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/journalctl")
            process.arguments = ["_PID=\(pid)", match, "-o", "json", "--no-pager"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return [] }
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let entries = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
            }
            if !entries.isEmpty { return entries }
            usleep(100_000)
        }
        return []
    }
}
