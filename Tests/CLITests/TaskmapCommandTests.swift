import Foundation
import Testing

/// `activetune taskmap` end to end: a scores file in, an SVG and a JSON table out, clear errors otherwise.
@Suite struct TaskmapCommandTests {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("taskmap-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    func scoresFile(_ json: String) throws -> String {
        let url = dir.appendingPathComponent("scores-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: url)
        return url.path
    }

    static let threeTasks = """
    [{"task": "a", "kind": "classification", "prompt_uncertainty": 0.001, "prediction_probability": 0.9, "perplexity": 1.2},
     {"task": "b", "kind": "generation", "prompt_uncertainty": 0.027, "prediction_probability": 0.3, "perplexity": 7},
     {"task": "c", "kind": "generation", "prompt_uncertainty": 0.008, "prediction_probability": 0.1, "perplexity": 9}]
    """

    @Test func writesSVGAndPrintsTable() throws {
        let svg = dir.appendingPathComponent("map.svg").path
        let result = try ActiveTuneBinary.run(["taskmap", "--scores", try scoresFile(Self.threeTasks),
                                               "--svg", svg, "--json", "--top", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["task"] as? String } == ["b", "c", "a"])
        #expect(rows.map { $0["selected"] as? Bool } == [true, false, false])
        #expect(abs((rows[0]["x"] as? Double ?? 0) - 0.3) < 1e-12)
        #expect(rows[1]["groups"] as? [String] == ["difficult"])
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.hasPrefix("<?xml"))
        #expect(text.components(separatedBy: "<g class=\"point").count - 1 == 3)
    }

    @Test func emptyPoolIsAClearError() throws {
        let result = try ActiveTuneBinary.run(["taskmap", "--scores", try scoresFile("[]"),
                                               "--svg", dir.appendingPathComponent("e.svg").path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no task scores to draw"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("e.svg").path))
    }

    @Test func badScoresAreRejected() throws {
        let bad = Self.threeTasks.replacingOccurrences(of: "0.9", with: "1.9")
        let result = try ActiveTuneBinary.run(["taskmap", "--scores", try scoresFile(bad), "--svg",
                                               dir.appendingPathComponent("b.svg").path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("task a has prediction_probability = 1.9"))
        let unknownKind = try ActiveTuneBinary.run(["taskmap", "--scores", try scoresFile(#"[{"task": "a", "kind": "x"}]"#),
                                                    "--svg", dir.appendingPathComponent("k.svg").path])
        #expect(unknownKind.status != 0)
        #expect(unknownKind.stderr.contains("cannot read task scores"))
        // Python's json writes a bare NaN; it is read, then refused by name.
        let nanScores = Self.threeTasks.replacingOccurrences(of: "0.027", with: "NaN")
        let nan = try ActiveTuneBinary.run(["taskmap", "--scores", try scoresFile(nanScores),
                                            "--svg", dir.appendingPathComponent("n.svg").path])
        #expect(nan.status != 0)
        #expect(nan.stderr.contains("task b has prompt_uncertainty = nan"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("n.svg").path))
    }

    @Test func missingStateDatabaseNamesThePath() throws {
        let result = try ActiveTuneBinary.run(["taskmap", "--state", dir.path, "--svg",
                                               dir.appendingPathComponent("s.svg").path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no state database at \(dir.path)/state.sqlite"))
        #expect(result.stderr.contains("HINT"))
        let neither = try ActiveTuneBinary.run(["taskmap", "--svg", "x.svg"])
        #expect(neither.status != 0)
        #expect(neither.stderr.contains("exactly one of --state DIR or --scores FILE"))
    }
}
