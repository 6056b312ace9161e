import Foundation
import TestSupport
import Testing

/// `training.backend = "command"` with the real daemon and the shipped `contrib/train_hf.py` (transformers and
/// accelerate in the test environment) on a tiny Llama that transformers makes at test time: a real round trained
/// by the command, imported through the checkpoint store, rotated in, loadable, with a falling loss; and a trainer
/// that fails, which fails the round with its reason and commits nothing.
@Suite(.serialized) struct CommandTrainerTests {
    static let repository = ReferencePython.packageRoot
    static let smolLM2 = repository.appendingPathComponent(".cache/models/SmolLM2-135M-Instruct.Q4_1.gguf")

    /// A daemon configuration: round 0 on 2 tasks, trained by `command`, starting from `base`.
    static func configuration(base: URL, command: [String]) -> String {
        let list = command.map(SmallRounds.tomlString).joined(separator: ", ")
        return SmallRounds.configuration(training: [
            "backend": "\"command\"", "command": "[\(list)]", "command_timeout": "600", "epochs": "4",
            "instances_per_task": "8", "learning_rate": "0.01", "warmup_steps": "2",
        ], extra: "[model]\nbase = \"\(base.path)\"\n")
    }

    /// Starts `daemon` with `configuration` and drops the first two sample tasks, which round 0 trains on.
    static func start(_ daemon: DaemonProcess, configuration: String) async throws {
        let config = daemon.root.appendingPathComponent("activetune.toml")
        try configuration.write(to: config, atomically: true, encoding: .utf8)
        try daemon.start(["--config", config.path])
        // A generous wait: the tiny model is imported at start, and CI machines may be busy.
        // Stops waiting early when the daemon exits (e.g. it refused the configuration).
        let ready = await daemon.eventually(timeout: 180) {
            daemon.notify.received.contains("READY=1") || !daemon.process.isRunning
        } && daemon.notify.received.contains("READY=1")
        try #require(ready, "no READY=1: \(daemon.logText)")
        for name in SmallRounds.tasks.prefix(2) {
            try daemon.drop(Array(Data(contentsOf: examples.appendingPathComponent("\(name).json"))), as: "\(name).json")
        }
    }

    static let examples = repository.appendingPathComponent("examples/tasks")

    /// The tiny Llama, written by transformers into a fresh folder.
    static func tinyLlama(in root: URL) throws -> URL {
        let model = root.appendingPathComponent("tiny-llama")
        let made = try ReferencePython.run([repository.appendingPathComponent("Tests/CLITests/Reference/tiny_llama.py").path,
                                            model.path, smolLM2.path], importing: ["torch", "transformers"])
        try #require(made.status == 0, "tiny_llama.py failed: \(made.stderr.suffix(2000))")
        return model
    }

    @Test func aRoundTrainedByTrainHFIsImportedAndRotated() async throws {
        let python = try ReferencePython.checked(importing: ["torch", "transformers", "accelerate"])
        let daemon = try DaemonProcess()
        defer { try? FileManager.default.removeItem(at: daemon.root) }
        let base = try Self.tinyLlama(in: daemon.root)
        let trainer = Self.repository.appendingPathComponent("contrib/train_hf.py").path
        try await Self.start(daemon, configuration: Self.configuration(base: base, command: [python.path, trainer]))
        let rotated = await daemon.eventually(timeout: 600) {
            let rounds = (try? daemon.status())?["rounds"] as? [String: Any]
            return (rounds?["rotated"] as? Int ?? 0) >= 1
        }
        #expect(rotated, "round 0 did not rotate:\n\(daemon.logText.suffix(4000))")
        _ = await daemon.stop()

        // The command's progress lines became training_progress entries; the loss fell from the first to the last.
        let losses = daemon.logText.split(separator: "\n")
            .filter { $0.contains("training_progress") && $0.contains("backend=command") }
            .compactMap { line in line.split(separator: " ").first { $0.hasPrefix("loss=") }.flatMap { Double($0.dropFirst(5)) } }
        #expect(losses.count >= 2, "too few progress entries: \(losses)")
        if let first = losses.first, let last = losses.last { #expect(last < first - 0.5, "the loss did not fall: \(losses)") }

        // The round's model is a checkpoint of the store, active, with round 0's provenance, and it loads.
        let listing = try ActiveTuneBinary.run(["checkpoints", "--json", "--state", daemon.state.path])
        let versions = try #require(try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [[String: Any]])
        let active = try #require(versions.first { $0["active"] as? Bool == true }, "\(listing.stdout)")
        #expect((active["provenance"] as? [String: Any])?["round"] as? Int == 0)
        #expect(versions.count == 2, "the base and round 0's model: \(listing.stdout)")
        let evaluated = try ActiveTuneBinary.run(["eval", "--state", daemon.state.path, "--instances", "2",
                                                  Self.examples.appendingPathComponent("task1146_country_capital.json").path])
        #expect(evaluated.status == 0, "the rotated model does not load: \(evaluated.stderr)")
        #expect(!FileManager.default.fileExists(atPath: daemon.state.appendingPathComponent("rounds/0").path),
                "the round folder was not removed after the import")
    }

    @Test func aFailingTrainerFailsTheRoundAndCommitsNothing() async throws {
        let daemon = try DaemonProcess()
        defer { try? FileManager.default.removeItem(at: daemon.root) }
        let base = try Self.tinyLlama(in: daemon.root)
        // `sh -c SCRIPT ROUND_DIR`: the round folder is $0; the script checks the daemon prepared it, then fails.
        let script = #"test -s "$0/examples.jsonl" && test -f "$0/model/config.json" && echo 'out of GPU memory' >&2; exit 3"#
        try await Self.start(daemon, configuration: Self.configuration(base: base, command: ["/bin/sh", "-c", script]))
        let failed = await daemon.eventually(timeout: 300) {
            ((try? daemon.status())?["last_error"] as? String)?.contains("exited with status 3") == true
        }
        let status = try daemon.status()
        #expect(failed, "no failed round in status: \(status)\n\(daemon.logText.suffix(3000))")
        #expect((status["last_error"] as? String)?.contains("out of GPU memory") == true, "\(status)")
        _ = await daemon.stop()
        let listing = try ActiveTuneBinary.run(["checkpoints", "--json", "--state", daemon.state.path])
        let versions = try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [[String: Any]]
        #expect(versions?.count == 1, "only the base model may be stored: \(listing.stdout)")
        #expect(daemon.logText.contains("trainerFailed"))
    }
}
