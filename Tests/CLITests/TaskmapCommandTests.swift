import Daemon
import Foundation
import State
import Tasks
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
        #expect(result.stderr.contains("no state database in \(dir.path) (\(dir.path)/state.sqlite does not exist)"))
        #expect(result.stderr.contains("HINT"))
        let byDefault = try ActiveTuneBinary.run(["taskmap", "--svg", "x.svg"], currentDirectory: dir)
        #expect(byDefault.status != 0)
        #expect(byDefault.stderr.contains("there is no state directory ./state"))
        let both = try ActiveTuneBinary.run(["taskmap", "--state", dir.path, "--scores", "x.json", "--svg", "x.svg"])
        #expect(both.status != 0)
        #expect(both.stderr.contains("not both"))
    }

    /// A state directory as the daemon leaves it: pool tasks scored by the active model and by an older one.
    @Test func mapsThePoolScoredByTheActiveModel() throws {
        let state = dir.appendingPathComponent("state")
        let store = try StateDirectory(state.path, access: .readWrite).openDatabase()
        let active = "000002-0000abcd", older = "000001-00001234"
        let tasks: [(String, String, TaskKind, Double)] = [("h1", "task_a", .classification, 0.008),
                     ("h2", "seed_task", .generation, 0.001), ("h3", "seed_task", .generation, 0.027)]
        for (hash, name, kind, u) in tasks {
            #expect(try store.accept(StoredTask(hash: hash, name: name, file: "\(hash).json", format: "niv2", kind: kind,
                                                instances: 1, body: Data("{}".utf8), acceptedAt: 1)))
            try store.record(StoredScore(task: hash, model: active, promptUncertainty: u, predictionProbability: 0.5,
                                         perplexity: 2, detail: nil, scoredAt: 2))
            try store.record(StoredScore(task: hash, model: older, promptUncertainty: 0.9, predictionProbability: 0.5,
                                         perplexity: 2, detail: nil, scoredAt: 1))
        }
        let checkpoints = state.appendingPathComponent("checkpoints")
        try FileManager.default.createDirectory(at: checkpoints, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: checkpoints.appendingPathComponent("active").path,
                                                   withDestinationPath: "\(active).ckpt.lz4")
        let result = try ActiveTuneBinary.run(["taskmap", "--state", state.path, "--json", "--top", "1",
                                               "--svg", dir.appendingPathComponent("state.svg").path])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["task"] as? String } == ["seed_task#h3", "task_a", "seed_task#h2"])
        #expect(rows.map { $0["prompt_uncertainty"] as? Double } == [0.027, 0.008, 0.001])
    }
}
