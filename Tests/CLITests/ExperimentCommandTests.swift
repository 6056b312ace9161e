import Foundation
import Testing

/// `activetune experiment` through the real binary: a tiny run from a given base checkpoint on the sample tasks,
/// progress on stderr, the JSON report and SVG, and a rerun that resumes without computing anything.
@Suite struct ExperimentCommandTests {
    @Test func runsFromABaseCheckpointAndResumes() throws {
        let model = try ScratchModel(positions: 256)
        let root = model.root
        defer { try? FileManager.default.removeItem(at: root) }
        let checkpoint = URL(fileURLWithPath: model.checkpoint).resolvingSymlinksInPath()

        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let svg = root.appendingPathComponent("curves.svg")
        let arguments = ["experiment", "--pool", repository.appendingPathComponent("examples/tasks").path,
                         "--test", repository.appendingPathComponent("examples/eval").path,
                         "--base", model.checkpoint, "--strategies", "prompt-uncertainty,random",
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
        #expect(cells.count == 4, "the untuned base, round 0 and one round per strategy")
        #expect(cells.contains { $0["strategy"] as? String == "base" && $0["round"] as? Int == -1 })
        #expect(try String(contentsOf: svg, encoding: .utf8).contains("<polyline"))

        let again = try ActiveTuneBinary.run(arguments)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.components(separatedBy: "cell already done").count - 1 == 3, "\(again.stderr)")
        #expect(!again.stderr.contains("cell done"))
        let rerun = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect((rerun["cells"] as? [[String: Any]])?.count == 4)
        #expect(!again.stderr.contains("evaluating the base model"), "the base is evaluated once")
    }
}
