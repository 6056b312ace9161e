import Foundation
import Testing

/// `activetune score` through the real binary: JSON rows the task map reads, explain output, model choice.
@Suite struct ScoreCommandTests {
    private func task843() throws -> String {
        try TaskFileLocations.sharedData()
            .appendingPathComponent("niv2/tasks/task843_financial_phrasebank_classification.json").path
    }

    @Test func explainedJSONFromAStateDirectory() throws {
        let root = try TaskFileLocations.temporaryDirectory(with: ["config.json": ModelCommandTests.tinyConfig])
        defer { try? FileManager.default.removeItem(at: root) }
        let state = root.appendingPathComponent("state").path
        let created = try ActiveTuneBinary.run(["init", "--state", state, "--config", root.appendingPathComponent("config.json").path])
        try #require(created.status == 0, "\(created.stderr)")
        let result = try ActiveTuneBinary.run(["score", "--state", state, "--explain", "--instances", "3",
                                               "--perturbations", "2", "--max-new-tokens", "4", try task843()])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let row = try #require(rows.first)
        #expect(row["task"] as? String == "task843_financial_phrasebank_classification")
        #expect(row["kind"] as? String == "classification")
        for key in ["prompt_uncertainty", "prediction_probability", "perplexity"] { #expect(row[key] is Double, "\(key)") }
        let instances = try #require(row["instances"] as? [[String: Any]])
        #expect(instances.count == 3)
        for instance in instances {
            #expect(instance["id"] is String && instance["output"] is String)
            #expect((instance["p"] as? [Double])?.count == 3)
            let prompts = try #require(instance["prompts"] as? [String])
            #expect(prompts.count == 3 && prompts.allSatisfy { $0.hasSuffix("\nOutput:") })
        }
        let plain = try ActiveTuneBinary.run(["score", "--state", state, "--json", "--instances", "2",
                                              "--perturbations", "1", "--max-new-tokens", "2", try task843()])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(!plain.stdout.contains("\"prompts\""))
    }

    @Test func withoutAModelTheDefaultIsUsedAndSaidSo() throws {
        let result = try ActiveTuneBinary.run(["score", "--instances", "1", "--perturbations", "1",
                                               "--max-new-tokens", "2", try task843()])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("embedded default model freshly initialised with seed 0"))
        #expect(result.stdout.hasPrefix("TASK\tKIND\tUNCERTAINTY"))
        #expect(result.stdout.contains("task843_financial_phrasebank_classification\tclassification\t"))
    }

    @Test func badSettingsAndMissingModelsFailClearly() throws {
        let rate = try ActiveTuneBinary.run(["score", "--drop-rate", "2", try task843()])
        #expect(rate.status != 0)
        #expect(rate.stderr.contains("drop rate is 2.0"))
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("cli-none-\(UUID())").path
        let missing = try ActiveTuneBinary.run(["score", "--state", state, try task843()])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("HINT: run `activetune init --state \(state)`"))
    }
}
