import Foundation
import Testing

/// `activetune tokenizer train` reproduces the committed default tokenizer and reports bad input clearly.
@Suite struct TokenizerTrainCommandTests {
    /// The package root, two levels above this file's directory.
    private static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `shared/data` beside the package root or beside the nearest directory above it.
    private static func sharedData() throws -> URL {
        var directory = packageRoot
        while directory.path != "/" {
            let candidate = directory.deletingLastPathComponent().appendingPathComponent("shared/data")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        Issue.record("shared/data not found above \(packageRoot.path); this test needs the real task files")
        throw CocoaError(.fileNoSuchFile)
    }

    @Test func readmeCommandReproducesTheEmbeddedFiles() throws {
        let data = try Self.sharedData()
        let names = try String(contentsOf: data.appendingPathComponent("niv2/splits/train_tasks.txt"), encoding: .utf8)
            .split(separator: "\n").map { data.appendingPathComponent("niv2/tasks/\($0).json").path }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("tokenizer-\(UUID())")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try ActiveTuneBinary.run(["tokenizer", "train", "--vocab-size", "8192", "--out", out.path]
            + names + [data.appendingPathComponent("self-instruct/seed_tasks.jsonl").path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("learned 8192 tokens"))
        let committed = Self.packageRoot.appendingPathComponent("Sources/Model/Resources/tokenizer")
        for name in ["vocab.json", "merges.txt"] {
            let made = try Data(contentsOf: out.appendingPathComponent(name))
            #expect(made == (try Data(contentsOf: committed.appendingPathComponent(name))), "\(name) differs")
        }
    }

    @Test func invalidTaskFileIsNamedInTheError() throws {
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: bad) }
        try Data("{not json".utf8).write(to: bad)
        let result = try ActiveTuneBinary.run(["tokenizer", "train", "--vocab-size", "300", bad.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains(bad.path))
    }
}
