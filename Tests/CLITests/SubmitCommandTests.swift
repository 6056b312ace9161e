import Foundation
import Glibc
import Testing

/// `activetune submit`: all files checked first, written by temp + rename, nothing written on any error.
@Suite struct SubmitCommandTests {
    /// A scratch directory with a spool and a place for the files to submit.
    private final class Scratch {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("submit-\(UUID().uuidString)")
        var spool: String { root.appendingPathComponent("spool").path }

        init() throws {
            try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        func file(_ name: String, _ text: String) throws -> String {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return url.path
        }

        /// Copies a real task file from the repository's examples/ into the scratch directory.
        func example(_ name: String, as relative: String) throws -> String {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("examples/tasks/" + name)
            return try file(relative, String(contentsOf: source, encoding: .utf8))
        }

        func spoolNames() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: spool).sorted() }
    }

    @Test func validFilesAreWrittenIntoTheSpoolWithoutLeftovers() throws {
        let scratch = try Scratch()
        let first = try scratch.example("task023_cosmosqa_question_generation.json", as: "a/task.json")
        _ = try scratch.example("task082_babi_t1_single_supporting_fact_question_generation.json", as: "b/real.json")
        let second = scratch.root.appendingPathComponent("b/task.json").path
        #expect(symlink(scratch.root.appendingPathComponent("b/real.json").path, second) == 0)
        let result = try ActiveTuneBinary.run(["submit", "--spool", scratch.spool, first, second])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try scratch.spoolNames() == ["task.1.json", "task.json"])
        #expect(try String(contentsOfFile: scratch.spool + "/task.json", encoding: .utf8)
                == String(contentsOfFile: first, encoding: .utf8))
        #expect(result.stdout.contains("submitted \(first) as \(scratch.spool)/task.json"))
        #expect(result.stdout.contains("as \(scratch.spool)/task.1.json"))
        // The link's target was copied: the spool holds a regular file.
        var status = stat()
        #expect(lstat(scratch.spool + "/task.1.json", &status) == 0 && status.st_mode & S_IFMT == S_IFREG)
    }

    @Test func oneUnusableFileMeansNothingIsWrittenAndExit65() throws {
        let scratch = try Scratch()
        let good = try scratch.example("task023_cosmosqa_question_generation.json", as: "good.json")
        let empty = try scratch.file("empty.json", "")
        let broken = try scratch.file("broken.json", #"{"Definition": ["#)
        let wrongSchema = try scratch.file("schema.json", #"{"Definition": 3}"#)
        let hidden = try scratch.file(".hidden.json", "{}")
        let fifo = scratch.root.appendingPathComponent("pipe.json").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let missing = scratch.root.appendingPathComponent("missing.json").path
        let result = try ActiveTuneBinary.run(["submit", "--spool", scratch.spool, good, empty, broken, wrongSchema,
                                               hidden, fifo, missing])
        #expect(result.status == 65)
        #expect(try scratch.spoolNames().isEmpty)
        for path in [empty, broken, wrongSchema, hidden, fifo, missing] { #expect(result.stderr.contains(path), "\(path)") }
        #expect(!result.stderr.contains(good + ":"))
        #expect(result.stderr.contains("nothing was submitted"))
    }

    @Test func aMissingSpoolIsReportedWithAHint() throws {
        let scratch = try Scratch()
        let good = try scratch.example("task023_cosmosqa_question_generation.json", as: "good.json")
        let result = try ActiveTuneBinary.run(["submit", "--spool", scratch.spool + "/nope", good])
        #expect(result.status != 0)
        #expect(result.stderr.contains("missing or not a directory") && result.stderr.contains("HINT:"))
    }
}
