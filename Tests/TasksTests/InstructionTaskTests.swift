import Foundation
import Testing
@testable import Tasks

/// The task value: its content hash follows the documented encoding and ignores what is not content.
@Suite struct InstructionTaskTests {
    private func task(id: String = "t", format: TaskFormat = .niv2, categories: [String] = []) -> InstructionTask {
        InstructionTask(id: id, definition: "Answer 'yes' or 'no'.",
                        positiveExamples: [TaskExample(input: "I love it.", output: "yes")],
                        instances: [TaskInstance(id: "\(id)-a", input: "Très bien ✓", outputs: ["yes", ""]),
                                    TaskInstance(id: "\(id)-b", input: "", outputs: ["no"])],
                        categories: categories, format: format, kind: .classification)
    }

    /// The digest printed by `Reference/content_hash.py`, an independent implementation of the encoding.
    @Test func hashMatchesTheReference() {
        #expect(task().contentHash == "b3ac457e76f2d1b0b08391719d6311e5a96c3d36b7b6f44faaca975826165c63")
    }

    @Test func idsFormatAndMetadataAreNotContent() {
        #expect(task(id: "other", format: .selfInstruct, categories: ["X"]).contentHash == task().contentHash)
    }

    /// Length prefixes keep field boundaries: moving text between fields changes the hash.
    @Test func fieldBoundariesMatter() {
        let a = InstructionTask(id: "a", definition: "ab", instances: [TaskInstance(id: "1", input: "c", outputs: ["d"])],
                                format: .niv2, kind: .generation)
        let b = InstructionTask(id: "a", definition: "a", instances: [TaskInstance(id: "1", input: "bc", outputs: ["d"])],
                                format: .niv2, kind: .generation)
        #expect(a.contentHash != b.contentHash)
    }

    @Test func codableRoundTrip() throws {
        let original = task()
        let decoded = try JSONDecoder().decode(InstructionTask.self, from: JSONEncoder().encode(original))
        #expect(decoded == original)
    }
}
