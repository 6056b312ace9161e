import Foundation
import Testing

/// The evaluation gate's refusal, end to end with the real binary: a round whose model scores worse on the
/// held-out folder than the active model is committed for inspection, logged, recorded as `gated`, and the
/// active model stays. To make "worse" certain, the held-out references are the active model's own greedy
/// outputs (so the active model scores ROUGE-L 100), and the round trains hard enough to change them.
@Suite struct DaemonEvaluationGateTests {
    static let configuration = """
        [budget]
        initial_tasks = 2
        pool_size = 100
        [scoring]
        max_new_tokens = 8
        [training]
        epochs = 3
        instances_per_task = 8
        batch_size = 4
        learning_rate = 0.01
        [evaluation]
        instances = 3
        gate_margin = 0
        """

    @Test func aWorseModelIsKeptButNotActivated() async throws {
        let daemon = try DaemonProcess()
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        // A narrow model so the round takes seconds; 512 positions hold the prompts and 8 new tokens.
        let modelConfig = daemon.root.appendingPathComponent("model.json")
        try #"{"vocab_size": 8192, "n_positions": 512, "n_layer": 1, "n_head": 2, "n_embd": 16}"#
            .write(to: modelConfig, atomically: true, encoding: .utf8)
        let created = try ActiveTuneBinary.run(["init", "--state", daemon.state.path, "--config", modelConfig.path])
        try #require(created.status == 0, "\(created.stderr)")
        let before = try activeCheckpoint(daemon)

        // The held-out task: the first 3 instances of a real one, each with the active model's output as reference.
        let source = repository.appendingPathComponent("examples/eval/task033_winogrande_answer_generation.json")
        let evaluated = try ActiveTuneBinary.run(["eval", "--state", daemon.state.path, "--json", "--instances", "3",
                                                  "--max-new-tokens", "8", source.path])
        try #require(evaluated.status == 0, "\(evaluated.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(evaluated.stdout.utf8)) as? [String: Any])
        let predictions = try #require(report["instances"] as? [[String: Any]]).compactMap { $0["prediction"] as? String }
        try #require(predictions.count == 3 && predictions.allSatisfy { $0.contains { $0.isLetter } },
                     "the active model's outputs must contain words to score ROUGE-L 100: \(predictions)")
        var task = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        let instances = try #require(task["Instances"] as? [[String: Any]])
        task["Instances"] = zip(instances.prefix(3), predictions).map { instance, prediction in
            var copy = instance
            copy["output"] = [prediction]
            return copy
        }
        let heldOut = daemon.root.appendingPathComponent("held-out")
        try FileManager.default.createDirectory(at: heldOut, withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: task).write(to: heldOut.appendingPathComponent("task033_own_outputs.json"))

        let config = daemon.root.appendingPathComponent("activetune.toml")
        try Self.configuration.replacingOccurrences(of: "[evaluation]\n", with: "[evaluation]\ndirectory = \"\(heldOut.path)\"\n")
            .write(to: config, atomically: true, encoding: .utf8)
        try daemon.start(["--config", config.path])
        for name in ["task1146_country_capital", "task1147_country_currency"] {
            let url = repository.appendingPathComponent("examples/tasks/\(name).json")
            try daemon.drop(Array(Data(contentsOf: url)), as: "\(name).json")
        }

        let gated = await daemon.eventually(timeout: 300) {
            let rounds = (try? daemon.status())?["rounds"] as? [String: Any]
            return (rounds?["gated"] as? Int ?? 0) >= 1
        }
        #expect(gated, "round 0 was not gated:\n\(daemon.logText.suffix(4000))")
        #expect(daemon.logText.contains("kept, not activated"), "the refusal is not logged")
        #expect(await daemon.stop() == 0)

        // The active model is unchanged; the round's model is kept with its (worse) score in its provenance.
        #expect(try activeCheckpoint(daemon)["id"] as? String == before["id"] as? String)
        let listing = try ActiveTuneBinary.run(["checkpoints", "--json", "--state", daemon.state.path])
        let versions = try #require(try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [[String: Any]])
        #expect(versions.count == 2, "\(listing.stdout)")
        let kept = try #require(versions.first { $0["id"] as? String != before["id"] as? String })
        #expect(kept["active"] as? Bool == false)
        let provenance = try #require(kept["provenance"] as? [String: Any])
        let rougeL = try #require((provenance["evaluation"] as? [String: Any])?["rougeL"] as? Double)
        #expect(rougeL < 100, "the trained model should no longer reproduce the base outputs exactly")
    }

    private func activeCheckpoint(_ daemon: DaemonProcess) throws -> [String: Any] {
        let listing = try ActiveTuneBinary.run(["checkpoints", "--json", "--state", daemon.state.path])
        let versions = try #require(try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [[String: Any]])
        return try #require(versions.first { $0["active"] as? Bool == true })
    }
}
