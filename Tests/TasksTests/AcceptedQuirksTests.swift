import Foundation
import Testing
@testable import Tasks

/// Oddities that real task files have are accepted, not rejected (made here, beyond the shared data).
@Suite struct AcceptedQuirksTests {
    @Test func manyReferencesAndEmptyOutputs() throws {
        let references = (0..<25).map { "reference \($0)" }
        let bytes = TaskFixtures.niv2 { object in
            TaskFixtures.instance(0, of: &object) { $0["output"] = references }
            TaskFixtures.instance(1, of: &object) { $0["output"] = [""] }
        }
        let task = try TaskFixtures.read(bytes).tasks[0]
        #expect(task.instances[0].outputs == references)
        #expect(task.instances[1].outputs == [""])
    }

    @Test func longNonASCIIInputsAndEmptyLists() throws {
        let long = String(repeating: "Ünïcödé ✓ 漢字 — ", count: 2_400)
        #expect(long.count > 35_000)
        let bytes = TaskFixtures.niv2 { object in
            object["Reasoning"] = [String]()
            object["Negative Examples"] = [Any]()
            object["Some Future Key"] = ["nested": [1, 2, 3]]
            TaskFixtures.instance(2, of: &object) { $0["input"] = long }
        }
        let task = try TaskFixtures.read(bytes, name: "dir/task999_long.json").tasks[0]
        #expect(task.id == "task999_long")
        #expect(task.instances[2].input == long)
    }

    @Test func byteOrderMarkIsAccepted() throws {
        let plain = try TaskFixtures.read(TaskFixtures.niv2())
        let marked = try TaskFixtures.read([0xef, 0xbb, 0xbf] + TaskFixtures.niv2())
        #expect(marked == plain)
        let jsonl = try TaskFixtures.read([0xef, 0xbb, 0xbf] + TaskFixtures.jsonl([TaskFixtures.selfInstructObject(id: "a")]))
        #expect(jsonl.tasks.map(\.id) == ["a"])
    }

    @Test func selfInstructEmptyInputsRepeatedNamesAndLineEndings() throws {
        let objects = [
            TaskFixtures.selfInstructObject(id: "a", input: "", name: "same"),
            TaskFixtures.selfInstructObject(id: "b", input: "x", name: "same"),
        ]
        // CRLF endings, blank lines and no final newline are all fine.
        let lines = objects.map { TaskFixtures.json($0) }
        let bytes = lines[0] + Array("\r\n\r\n".utf8) + lines[1]
        let file = try TaskFixtures.read(bytes, name: "seed.jsonl")
        #expect(file.format == .selfInstruct)
        #expect(file.tasks.map(\.id) == ["a", "b"])
        #expect(file.tasks[0].instances[0].input == "")
        #expect(file.tasks[1].instances[0].id == "b-0")
    }

    /// One Self-Instruct task alone in a file (one line or pretty-printed) is still Self-Instruct.
    @Test func singleSelfInstructTask() throws {
        let object = TaskFixtures.selfInstructObject(id: "solo")
        let pretty = try [UInt8](JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted]))
        for bytes in [TaskFixtures.json(object), pretty] {
            let file = try TaskFixtures.read(bytes, name: "solo.json")
            #expect(file.format == .selfInstruct)
            #expect(file.tasks.map(\.id) == ["solo"])
        }
    }

    /// NIV2 files need only `Definition` and `Instances`; the rest is optional.
    @Test func minimalNIV2Task() throws {
        let bytes = Array(#"{"Definition": ["Repeat the input."], "Instances": [{"id": "1", "input": "a", "output": ["a"]}]}"#.utf8)
        let task = try TaskFixtures.read(bytes).tasks[0]
        #expect(task.positiveExamples.isEmpty)
        #expect(task.categories.isEmpty)
        #expect(task.kind == .generation)
    }

    /// Tk-Instruct uses `Definition[0]`; later strings are not part of the task.
    @Test func onlyTheFirstDefinitionStringIsUsed() throws {
        let task = try TaskFixtures.read(TaskFixtures.niv2 { $0["Definition"] = ["First.", "Second."] }).tasks[0]
        #expect(task.definition == "First.")
    }
}
