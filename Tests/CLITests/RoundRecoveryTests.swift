import Foundation
import Glibc
import Testing

/// A round is a state machine, one durable step per transition: the real daemon, SIGKILLed by its crash-test
/// setting right after each step of a selection round, in both training modes, then restarted. After the restart
/// the round continues from its last recorded step: exactly one checkpoint per round, a linear parent chain, the
/// active model loads, no task lost and none trained twice.
@Suite(.serialized) struct RoundRecoveryTests {
    struct Version: Decodable {
        var id: String
        var active: Bool
        var provenance: Provenance
        struct Provenance: Decodable {
            var round: Int
            var strategy: String
            var parent: String?
            var tasks: [Task]
            struct Task: Decodable { var task: String; var score: Double? }
        }
    }

    @Test(arguments: ["from-base", "continue"], ["selected", "written", "committed", "activated", "finished"])
    func aKillAfterAnyStepOfARoundLosesNothingAndTrainsNothingTwice(mode: String, step: String) async throws {
        let daemon = try DaemonProcess()
        let config = daemon.root.appendingPathComponent("activetune.toml")
        try SmallRounds.configuration(mode: mode).write(to: config, atomically: true, encoding: .utf8)
        // Round 1, a selection round: its parent is round 0's model, which `continue` trains on.
        try daemon.start(["--config", config.path], environment: ["ACTIVETUNE_DEBUG_KILL_AT": "\(step)@1"])
        let examples = TaskFileLocations.examples()
        for name in SmallRounds.tasks {
            try daemon.drop(Array(Data(contentsOf: examples.appendingPathComponent("\(name).json"))), as: "\(name).json")
        }
        #expect(await daemon.eventually(timeout: 300) { !daemon.process.isRunning }, "never reached \(step)@1")
        #expect(daemon.process.terminationReason == .uncaughtSignal && daemon.process.terminationStatus == SIGKILL,
                "the daemon ended otherwise than by its kill:\n\(daemon.logText.suffix(3000))")

        let restarted = daemon.notify.received.count
        try daemon.start(["--config", config.path])
        #expect(await daemon.notify.await("READY=1", after: restarted, timeout: 60) != nil, "no READY=1 after the restart")
        let rotated = await daemon.eventually(timeout: 300) {
            ((try? daemon.status())?["rounds"] as? [String: Int])?["rotated"] == 2
        }
        #expect(rotated, "rounds after the restart: \(String(describing: try? daemon.status()["rounds"]))")
        #expect(await daemon.stop() == 0)

        let listing = try ActiveTuneBinary.run(["checkpoints", "--json", "--state", daemon.state.path])
        let versions = try JSONDecoder().decode([Version].self, from: Data(listing.stdout.utf8))
        let rounds = versions.filter { $0.provenance.strategy != "init" }
        #expect(rounds.map(\.provenance.round) == [0, 1], "one checkpoint per round: \(listing.stdout)")
        let initial = try #require(versions.first { $0.provenance.strategy == "init" })
        // A linear chain: the default model, round 0's model, round 1's model, each the parent of the next.
        #expect(rounds.first?.provenance.parent == initial.id)
        #expect(rounds.last?.provenance.parent == rounds.first?.id)
        #expect(rounds.last?.active == true)
        // Round 0 trained on 2 tasks and round 1 on 1 other: none lost, none twice.
        let trained = rounds.flatMap { $0.provenance.tasks.map(\.task) }
        #expect(trained.count == 3 && Set(trained).count == 3, "\(trained)")
        // Round 0 sampled at random: no score chose its tasks (null, not a made-up 0); round 1's were scored.
        #expect(rounds.first?.provenance.tasks.allSatisfy { $0.score == nil } == true)
        #expect(rounds.last?.provenance.tasks.allSatisfy { $0.score != nil } == true)
        #expect(listing.stdout.contains("\"score\" : null") || listing.stdout.contains("\"score\":null"), "round 0's scores are null")
        let status = try daemon.status()
        #expect(status["tasks"] as? Int == 4 && status["pool"] as? Int == 1, "\(status)")
        #expect(status["rounds"] as? [String: Int] == ["rotated": 2])

        let out = daemon.root.appendingPathComponent("export")
        let export = try ActiveTuneBinary.run(["export", "--state", daemon.state.path, "--out", out.path])
        #expect(export.status == 0, "the active model does not load: \(export.stderr)")
        let log = daemon.logText
        let expected = ["selected": "is redone from its start", "written": "found the checkpoint it wrote",
                        "committed": "continues from its committed checkpoint",
                        "activated": "continues from its committed checkpoint"][step]
        if let expected { #expect(log.contains(expected), "no `\(expected)` after the restart") }
    }
}
