import Foundation
import Testing

/// `activetune experiment` through the real binary: a tiny run from a given base checkpoint on the sample tasks,
/// progress on stderr, the JSON report and SVG, and a rerun that resumes without computing anything.
@Suite struct ExperimentCommandTests {
    @Test func runsFromABaseCheckpointAndResumes() throws {
        let config = #"{"vocab_size": 8192, "n_positions": 256, "n_layer": 1, "n_head": 2, "n_embd": 16}"#
        let root = try TaskFileLocations.temporaryDirectory(with: ["config.json": config])
        defer { try? FileManager.default.removeItem(at: root) }
        let state = root.appendingPathComponent("model").path
        let created = try ActiveTuneBinary.run(["init", "--state", state, "--config", root.appendingPathComponent("config.json").path])
        try #require(created.status == 0, "\(created.stderr)")
        let checkpoint = URL(fileURLWithPath: state + "/checkpoints/active").resolvingSymlinksInPath()

        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let svg = root.appendingPathComponent("curves.svg")
        let arguments = ["experiment", "--pool", repository.appendingPathComponent("examples/tasks").path,
                         "--test", repository.appendingPathComponent("examples/eval").path,
                         "--base", state + "/checkpoints/active", "--strategies", "prompt-uncertainty,random",
                         "--seeds", "3", "--rounds", "1", "--per-round", "1", "--initial", "1",
                         "--instances-per-task", "2", "--epochs", "1", "--eval-instances", "2",
                         "--state", root.appendingPathComponent("experiment").path, "--svg", svg.path, "--json"]
        let first = try ActiveTuneBinary.run(arguments)
        try #require(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("cell done"), "no progress on stderr")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let settings = try #require(report["settings"] as? [String: Any])
        #expect((settings["model"] as? [String: Any])?["n_embd"] as? Int == 16, "the base checkpoint's shape is used")
        #expect(settings["baseCheckpoint"] as? String == checkpoint.lastPathComponent)
        let cells = try #require(report["cells"] as? [[String: Any]])
        #expect(cells.count == 3, "round 0 and one round per strategy")
        #expect(try String(contentsOf: svg, encoding: .utf8).contains("<polyline"))

        let again = try ActiveTuneBinary.run(arguments)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.components(separatedBy: "cell already done").count - 1 == 3, "\(again.stderr)")
        #expect(!again.stderr.contains("cell done"))
        let rerun = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect((rerun["cells"] as? [[String: Any]])?.count == 3)
    }
}
