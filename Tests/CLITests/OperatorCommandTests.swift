import Daemon
import Foundation
import State
import Tasks
import Testing

/// `activetune status` and `activetune scores` on a state directory written the way the daemon writes it.
@Suite struct OperatorCommandTests {
    let state = FileManager.default.temporaryDirectory.appendingPathComponent("operator-\(UUID().uuidString)")

    /// Three pool tasks; the active model scored two of them, the one before all three; one rejection; a last error.
    func populate() throws {
        let store = try StateDirectory(state.path, access: .readWrite).openDatabase()
        for (n, kind) in [(1, TaskKind.generation), (2, .classification), (3, .generation)] {
            _ = try store.accept(StoredTask(hash: "h\(n)", name: "task\(n)", file: "f\(n).json", format: "niv2", kind: kind,
                                            instances: 5, body: Data("{}".utf8), acceptedAt: Double(n)))
        }
        for (task, model, uncertainty) in [("h1", "000002-0000abcd", 0.2), ("h2", "000002-0000abcd", 0.9), ("h1", "000001-00001234", 0.5), ("h2", "000001-00001234", 0.1), ("h3", "000001-00001234", 0.3)] {
            try store.record(StoredScore(task: task, model: model, promptUncertainty: uncertainty, predictionProbability: 0.5,
                                         perplexity: 3, detail: nil, scoredAt: 0))
        }
        try store.reject(StoredRejection(file: "x.json", reason: "invalid_json", message: "bad", at: 0))
        try store.setSetting("last_error", "score: out of memory")
        try FileManager.default.createDirectory(at: state.appendingPathComponent("checkpoints"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: state.appendingPathComponent("checkpoints/active").path,
                                                   withDestinationPath: "000002-0000abcd.ckpt.lz4")
    }

    func json(_ arguments: [String]) throws -> Any {
        let result = try ActiveTuneBinary.run(arguments + ["--json", "--state", state.path])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    @Test func scoresListTheActiveModelMostUncertainFirst() throws {
        try populate()
        let rows = try #require(try json(["scores"]) as? [[String: Any]])
        #expect(rows.map { $0["task"] as? String } == ["task2", "task1"])
        #expect(rows.first?["kind"] as? String == "classification")
        #expect(rows.first?["prompt_uncertainty"] as? Double == 0.9)
        #expect(rows.first?["model"] as? String == "000002-0000abcd")
        #expect(rows.first?["prediction_probability"] as? Double == 0.5 && rows.first?["perplexity"] as? Double == 3)
        #expect((try json(["scores", "--top", "1"]) as? [Any])?.count == 1)
        #expect((try json(["scores", "--all"]) as? [Any])?.count == 5)
        let text = try ActiveTuneBinary.run(["scores", "--state", state.path])
        #expect(text.stdout.hasPrefix("task2  classification  uncertainty 0.9000"))
    }

    @Test func statusShowsPoolBudgetModelErrorAndRejections() throws {
        try populate()
        let status = try #require(try json(["status"]) as? [String: Any])
        #expect(status["pool"] as? Int == 3)
        #expect(status["active_model"] as? String == "000002-0000abcd")
        #expect(status["last_error"] as? String == "score: out of memory")
        #expect(status["rejections"] as? [String: Int] == ["invalid_json": 1])
        let budget = try #require(status["budget"] as? [String: Any])
        #expect(budget["have"] as? Int == 3 && budget["need"] as? Int == 4, "no round has rotated: round 0 needs 4 tasks")
    }

    /// `status` computes the budget with the configuration the daemon recorded, not with its own reading of the
    /// environment and files, which may differ from the daemon's; `--config` asks for another on purpose.
    @Test func statusUsesTheConfigurationTheDaemonRecorded() throws {
        try populate()
        var recorded = DaemonConfiguration()
        recorded.initialTasks = 6
        try StateDirectory(state.path, access: .readWrite).openDatabase().recordConfiguration(recorded)
        let result = try ActiveTuneBinary.run(["status", "--json", "--state", state.path],
                                              environment: ["ACTIVETUNE_BUDGET_INITIAL_TASKS": "9"])
        let status = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((status["budget"] as? [String: Any])?["need"] as? Int == 6, "\(result.stdout)")
        let file = state.appendingPathComponent("other.toml")
        try Data("[budget]\ninitial_tasks = 2\n".utf8).write(to: file)
        let other = try #require(try json(["status", "--config", file.path]) as? [String: Any])
        #expect((other["budget"] as? [String: Any])?["need"] as? Int == 2)
    }

    @Test func withoutStateTheCommandsSaySoAndExit66() throws {
        for command in ["status", "scores"] {
            let result = try ActiveTuneBinary.run([command, "--state", state.path])
            #expect(result.status == 66)
            #expect(result.stderr.contains("HINT"))
        }
    }
}
