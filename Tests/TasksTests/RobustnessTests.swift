import Foundation
import Testing
@testable import Tasks

/// Damaged files never crash the reader: every cut and many random corruptions give a task file or
/// a `TaskFileError`.
@Suite struct RobustnessTests {
    /// A file cut anywhere inside its JSON value is reported as truncated (or empty, when cut to nothing).
    @Test func everyTruncationOfAnNIV2FileIsReported() throws {
        let bytes = TaskFixtures.niv2()
        for length in 0..<(bytes.count - 1) {
            do {
                _ = try TaskFixtures.read(Array(bytes.prefix(length)))
                Issue.record("accepted a file cut to \(length) of \(bytes.count) bytes")
            } catch {
                #expect(error.code == (length == 0 ? .emptyFile : .truncatedJSON), "cut at \(length): \(error)")
            }
        }
    }

    @Test func everyTruncationOfAJSONLFileIsAcceptedOrReported() {
        let bytes = TaskFixtures.jsonl((0..<3).map { TaskFixtures.selfInstructObject(id: "t\($0)") })
        var accepted = 0
        for length in 0...bytes.count {
            if let file = try? TaskFixtures.read(Array(bytes.prefix(length))) {
                // Only cuts just after a closing brace or its newline leave whole lines: 2 per line.
                #expect(file.tasks.count >= 1)
                accepted += 1
            }
        }
        #expect(accepted == 6)
    }

    @Test func randomCorruptionNeverCrashes() {
        let original = TaskFixtures.niv2()
        var generator = SeededGenerator(seed: 2024, salt: "corruption")
        var codes: Set<String> = []
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.remove(at: index)
                default: bytes.insert(Array("{}[]\",:\\ \n\u{1}".utf8).randomElement(using: &generator) ?? 0, at: index)
                }
            }
            do {
                let file = try TaskFixtures.read(bytes)
                #expect(!file.tasks.isEmpty)
            } catch {
                #expect(!error.description.contains("\n"))
                codes.insert(error.code.description)
            }
        }
        #expect(codes.isSuperset(of: ["invalidJSON", "notUTF8"]))
    }
}
