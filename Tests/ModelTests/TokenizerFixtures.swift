import Foundation
import Testing
@testable import Model

/// Where the tokenizer tests find their inputs: the shared data and the HF reference files.
enum TokenizerFixtures {
    /// `Tests/ModelTests/Reference`, beside this file.
    static let referenceDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Reference")

    /// `shared/data` beside the package root or beside the nearest directory above it (worktrees sit deeper).
    static func sharedData() throws -> URL {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()  // Tests/ModelTests
            .deletingLastPathComponent().deletingLastPathComponent()                 // package root
        while directory.path != "/" {
            let candidate = directory.deletingLastPathComponent().appendingPathComponent("shared/data")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        Issue.record("shared/data not found above \(#filePath); the tokenizer tests need the real task files")
        throw CocoaError(.fileNoSuchFile)
    }

    /// Every string in every shared task file: all fields of the NIV2 files and the Self-Instruct lines.
    static func everySharedText() throws -> [String] {
        let data = try sharedData()
        let tasks = data.appendingPathComponent("niv2/tasks")
        var texts: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: tasks.path).sorted() {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: tasks.appendingPathComponent(name)))
            collectStrings(object, into: &texts)
        }
        let seeds = try Data(contentsOf: data.appendingPathComponent("self-instruct/seed_tasks.jsonl"))
        for line in seeds.split(separator: UInt8(ascii: "\n")) {
            collectStrings(try JSONSerialization.jsonObject(with: Data(line)), into: &texts)
        }
        return texts
    }

    private static func collectStrings(_ value: Any, into texts: inout [String]) {
        if let string = value as? String {
            texts.append(string)
        } else if let array = value as? [Any] {
            for item in array { collectStrings(item, into: &texts) }
        } else if let object = value as? [String: Any] {
            // Keys sorted: dictionary order changes between processes, and the sample (every 40th) must not.
            for key in object.keys.sorted() { collectStrings(object[key] as Any, into: &texts) }
        }
    }

    /// One golden case written by Reference/make_golden.py with HF `tokenizers`.
    struct Golden: Decodable {
        struct Case: Decodable {
            var text: String
            var ids: [Int32]
        }
        var encodings: [Case]
        var decodings: [Case]
    }

    /// The golden encodings and decodings.
    static func golden() throws -> Golden {
        let url = referenceDirectory.appendingPathComponent("golden.json")
        return try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
    }
}
