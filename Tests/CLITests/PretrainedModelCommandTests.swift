import Foundation
import TestSupport
import Testing

/// The real SmolLM2-135M-Instruct GGUF (fetched by set-up) through every command that takes a model: `import`,
/// `score`, `eval`, `experiment --base`, `export` and a `daemon` round, with sizes that keep it near a minute.
@Suite(.serialized) struct PretrainedModelCommandTests {
    static let gguf = ReferencePython.packageRoot.appendingPathComponent(".cache/models/SmolLM2-135M-Instruct.Q4_1.gguf")

    /// A state directory with SmolLM2 imported as its active model, made once.
    static let imported = Result<String, any Error> {
        try #require(FileManager.default.fileExists(atPath: gguf.path), "missing \(gguf.path). HINT: run ./scripts/setup.sh --test")
        let state = ModelCommandTests.temporary("smollm2-state")
        // Several tests share it; a SmolLM2 state is half a gigabyte, removed when the test process ends.
        ScratchSpace.removeAtExit(URL(fileURLWithPath: state))
        let run = try ActiveTuneBinary.run(["import", "--from", gguf.path, "--state", state])
        try #require(run.status == 0, "import failed: \(run.stderr)")
        #expect(run.stdout.contains("134515008 parameters"))
        return state
    }

    static func task(_ name: String) -> String {
        TaskFileLocations.examples().appendingPathComponent("\(name).json").path
    }

    @Test func scoresAndEvaluatesWithRealAnswers() async throws {
        let state = try await offPool { try Self.imported.get() }
        let score = try await offPool { try ActiveTuneBinary.run(["score", "--state", state, "--json", "--instances", "2", "--perturbations", "2",
                                              "--max-new-tokens", "8", Self.task("task1146_country_capital")]) }
        try #require(score.status == 0, "\(score.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as? [[String: Any]])
        let uncertainty = try #require(rows.first?["prompt_uncertainty"] as? Double)
        #expect(uncertainty >= 0 && uncertainty <= 1)
        // A pretrained instruction model answers a capital question with real text, not noise.
        let eval = try await offPool { try ActiveTuneBinary.run(["eval", "--state", state, "--json", "--instances", "4",
                                                                 "--max-new-tokens", "8", Self.task("task1146_country_capital")]) }
        try #require(eval.status == 0, "\(eval.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
        print("SmolLM2 eval on task1146: \(eval.stdout.prefix(400))")
        #expect(!report.isEmpty)
    }

    @Test func experimentTrainsFromTheImportedBase() async throws {
        let state = try await offPool { try Self.imported.get() }
        let checkpoint = try #require(try FileManager.default.contentsOfDirectory(atPath: state + "/checkpoints")
            .first { $0.hasSuffix(".ckpt.lz4") })
        let pool = try TaskFileLocations.temporaryDirectory(with: [:])
        let test = try TaskFileLocations.temporaryDirectory(with: [:])
        let experimentState = ModelCommandTests.temporary("smollm2-experiment")
        defer { for url in [pool, test, URL(fileURLWithPath: experimentState)] { try? FileManager.default.removeItem(at: url) } }
        for name in ["task1146_country_capital", "task1147_country_currency"] {
            try FileManager.default.copyItem(atPath: Self.task(name), toPath: pool.appendingPathComponent("\(name).json").path)
        }
        try FileManager.default.copyItem(atPath: Self.task("task1317_country_calling_code"),
                                         toPath: test.appendingPathComponent("task1317_country_calling_code.json").path)
        let arguments = [
            "experiment", "--pool", pool.path, "--test", test.path, "--strategies", "random", "--seeds", "1", "--rounds", "0",
            "--initial", "1", "--instances-per-task", "2", "--epochs", "1", "--eval-instances", "2",
            "--base", "\(state)/checkpoints/\(checkpoint)", "--state", experimentState, "--json",
        ]
        // The GGUF itself serves as --base too (and as --model of score, eval and bench).
        let fromFile = try await offPool { try ActiveTuneBinary.run(["score", "--model", Self.gguf.path, "--instances", "1",
                                                                    "--perturbations", "1", "--max-new-tokens", "4",
                                                                    Self.task("task1147_country_currency")]) }
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        let run = try await offPool { try ActiveTuneBinary.run(arguments + ["--preset", "pretrained"]) }
        try #require(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("cell done"), "no finished cell: \(run.stderr.suffix(2000))")
        // The pretrained preset's first point is the untuned base, then round 0 (1 task).
        let output = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let cells = try #require(output["cells"] as? [[String: Any]])
        #expect(cells.compactMap { $0["strategy"] as? String }.sorted() == ["base", "initial"])
        let settings = try #require(output["settings"] as? [String: Any])
        #expect(settings["evaluationInstances"] as? Int == 2, "explicit options override the preset")
        #expect((settings["training"] as? [String: Any])?["batchSize"] as? Int == 4, "the preset's batch")
        #expect(settings["perturbations"] as? Int == 2 && settings["rounds"] as? Int == 0, "the preset's k; --rounds")
        // The preset needs a base to fine-tune.
        let noBase = try ActiveTuneBinary.run(["experiment", "--preset", "pretrained", "--pool", pool.path, "--test", test.path])
        #expect(noBase.status != 0 && noBase.stderr.contains("--preset pretrained fine-tunes a pretrained model"), "\(noBase.stderr)")
    }

    @Test func daemonRunsARoundOnTheImportedModel() async throws {
        let imported = try await offPool { try Self.imported.get() }
        let daemon = try DaemonProcess()
        defer { try? FileManager.default.removeItem(at: daemon.root) }
        try FileManager.default.copyItem(atPath: imported, toPath: daemon.state.path)
        let config = daemon.root.appendingPathComponent("activetune.toml")
        // Round 0 on the first task to arrive; a small learning rate, as fits a pretrained model.
        let eval = TaskFileLocations.examples().deletingLastPathComponent().appendingPathComponent("eval").path
        try SmallRounds.configuration(initialTasks: 1, training: [
            "instances_per_task": "2", "batch_size": "2", "learning_rate": "0.00002",
        ], extra: "[evaluation]\ndirectory = \"\(eval)\"\ninstances = 2\n").write(to: config, atomically: true, encoding: .utf8)
        try daemon.start(["--config", config.path])
        #expect(await daemon.eventually { daemon.notify.received.contains("READY=1") }, "no READY=1: \(daemon.logText)")
        let name = "task1146_country_capital"
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: Self.task(name))))
        try? daemon.drop(bytes, as: "\(name).json")
        let rotated = await daemon.eventually(timeout: 300) { daemon.logText.contains("event=rotated") }
        #expect(rotated, "no round rotated a model in: \(daemon.logText.suffix(3000))")
        #expect(daemon.logText.contains("event=training_progress"))
        #expect(await daemon.stop() == 0)
        // The untuned base model was evaluated before round 0 trained, and round 0's model after.
        let status = try ActiveTuneBinary.run(["status", "--json", "--state", daemon.state.path])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let evaluation = try #require(report["evaluation"] as? [String: Any], "status --json: \(status.stdout)")
        #expect(evaluation["base_rouge_l"] as? Double != nil)
        #expect((evaluation["rounds"] as? [String: Double])?["0"] != nil)
        #expect(daemon.logText.contains("evaluated the base model"))
        // model.precision is auto: bf16 on this CPU, said in status and in the ready line of the log.
        let compute = try #require(report["compute"] as? [String: Any], "status --json: \(status.stdout)")
        let expected = PrecisionCommandTests.cpuHasBF16 ? "bf16" : "fp32"
        #expect(compute["precision"] as? String == expected)
        #expect(daemon.logText.contains("precision=\(expected)"))
        // The round's checkpoint is a Llama model that loads and exports.
        let out = ModelCommandTests.temporary("smollm2-round-export")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let export = try ActiveTuneBinary.run(["export", "--state", daemon.state.path, "--out", out])
        #expect(export.status == 0, "\(export.stderr)")
        let config2 = try String(contentsOfFile: out + "/config.json", encoding: .utf8)
        #expect(config2.contains("\"model_type\" : \"llama\""))
    }

    /// `model.base` names the daemon's first model (as `make install` sets it); a missing file falls back to the
    /// seeded embedded model, saying so in the journal and in `status`.
    @Test(arguments: [true, false])
    func firstModelComesFromModelBase(present: Bool) async throws {
        let daemon = try DaemonProcess()
        defer { try? FileManager.default.removeItem(at: daemon.root) }
        let config = daemon.root.appendingPathComponent("activetune.toml")
        let base = present ? Self.gguf.path : daemon.root.appendingPathComponent("missing.gguf").path
        try "[model]\nbase = \"\(base)\"\n".write(to: config, atomically: true, encoding: .utf8)
        try daemon.start(["--config", config.path])
        let ready = await daemon.eventually(timeout: 120) { daemon.notify.received.contains("READY=1") }
        #expect(await daemon.stop() == 0)
        #expect(ready, "no READY=1: \(daemon.logText)")
        let out = ModelCommandTests.temporary("first-model")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let export = try ActiveTuneBinary.run(["export", "--state", daemon.state.path, "--out", out])
        #expect(export.status == 0, "\(export.stderr)")
        let modelType = (try? String(contentsOfFile: out + "/config.json", encoding: .utf8))?.contains("\"llama\"")
        let status = try ActiveTuneBinary.run(["status", "--state", daemon.state.path])
        if present {
            #expect(modelType == true, "the first model is SmolLM2")
            #expect(daemon.logText.contains("created the first model from model.base"))
            #expect(!status.stdout.contains("model note:"))
        } else {
            #expect(modelType == false, "the first model is the seeded GPT-2")
            #expect(daemon.logText.contains("does not exist; started from the seeded embedded model instead"))
            #expect(status.stdout.contains("model note:   model.base \(base) does not exist"), "\(status.stdout)")
        }
    }
}
