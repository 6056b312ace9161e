import Foundation
import Testing

/// `activetune eval` through the real binary: the text report, JSON with every instance, errors.
@Suite struct EvalCommandTests {
    private func task(_ name: String) throws -> String {
        try TaskFileLocations.sharedData().appendingPathComponent("niv2/tasks/\(name).json").path
    }

    @Test func jsonListsEveryInstanceAndIsDeterministic() throws {
        let root = try TaskFileLocations.temporaryDirectory(with: ["config.json": ModelCommandTests.tinyConfig])
        defer { try? FileManager.default.removeItem(at: root) }
        let state = root.appendingPathComponent("state").path
        let created = try ActiveTuneBinary.run(["init", "--state", state, "--config", root.appendingPathComponent("config.json").path])
        try #require(created.status == 0, "\(created.stderr)")
        let files = [try task("task843_financial_phrasebank_classification"), try task("task1195_disflqa_disfluent_to_fluent_conversion")]
        let arguments = ["eval", "--state", state, "--json", "--instances", "3", "--max-new-tokens", "4"] + files
        let result = try ActiveTuneBinary.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let instances = try #require(json["instances"] as? [[String: Any]])
        #expect(instances.count == 6)
        for instance in instances {
            #expect(instance["id"] is String && instance["prediction"] is String)
            #expect((instance["references"] as? [String])?.isEmpty == false)
            #expect((instance["rougeL"] as? Double).map { (0...100).contains($0) } == true)
        }
        let report = try #require(json["report"] as? [String: Any])
        #expect((report["byKind"] as? [String: Any])?.keys.sorted() == ["classification", "generation"])
        #expect(try ActiveTuneBinary.run(arguments).stdout == result.stdout)

        let text = try ActiveTuneBinary.run(["eval", "--state", state, "--instances", "1", "--max-new-tokens", "2"] + files)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("overall "))
        #expect(text.stdout.contains("task843_financial_phrasebank_classification  ROUGE-L"))
    }

    @Test func withoutAModelOrTasksItFailsClearly() throws {
        let noModel = try ActiveTuneBinary.run(["eval", try task("task843_financial_phrasebank_classification")])
        #expect(noModel.status != 0)
        #expect(noModel.stderr.contains("--model CKPT or --state DIR"))
        let missing = try ActiveTuneBinary.run(["eval", "--model", "/nonexistent.ckpt.lz4", "/nonexistent-task.json"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("/nonexistent"))
    }
}
