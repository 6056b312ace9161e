import Foundation
import Testing
@testable import Tasks

/// A corpus of broken task files made here: each gets a `TaskFileError` with the right code, place and
/// message, never a crash.
@Suite struct BrokenFileTests {
    struct BrokenFile: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var code: TaskFileError.Code
        /// The expected `TaskFileError.location`; nil where it depends on JSONSerialization's layout.
        var location: String?
        /// Text the one-line description must contain.
        var fragments: [String]
        var testDescription: String { name }
    }

    private static func text(_ string: String) -> [UInt8] { Array(string.utf8) }

    static let corpus: [BrokenFile] = [
        BrokenFile(name: "not JSON", bytes: text("Definition: classify things\n"), code: .invalidJSON,
                   location: "line 1, column 1", fragments: ["not valid JSON", "'D'", "HINT:"]),
        BrokenFile(name: "truncated JSON", bytes: Array(TaskFixtures.niv2().dropLast(40)), code: .truncatedJSON,
                   location: nil, fragments: ["line 1, column", "ends early", "cut off"]),
        BrokenFile(name: "truncated in a string", bytes: text("{\"Definition\": [\"Classify"), code: .truncatedJSON,
                   location: "line 1, column 26", fragments: ["closing '\"'"]),
        BrokenFile(name: "top level is a list", bytes: text("[1, 2]"), code: .notAnObject,
                   location: "", fragments: ["must be a JSON object", "a list"]),
        BrokenFile(name: "top level is a string", bytes: text("\"task\""), code: .notAnObject,
                   location: "", fragments: ["a string"]),
        BrokenFile(name: "JSONL line not an object",
                   bytes: TaskFixtures.jsonl([TaskFixtures.selfInstructObject(id: "a")]) + text("[\"b\"]\n"),
                   code: .notAnObject, location: "line 2", fragments: ["each line of a Self-Instruct JSONL file", "a list"]),
        BrokenFile(name: "missing Definition", bytes: TaskFixtures.niv2 { $0["Definition"] = nil }, code: .missingField,
                   location: "", fragments: ["\"Definition\" is missing", "[\"...\"]"]),
        BrokenFile(name: "Definition is a string", bytes: TaskFixtures.niv2 { $0["Definition"] = "Classify." },
                   code: .wrongType, location: "Definition", fragments: ["expected a list of strings, found a string"]),
        BrokenFile(name: "Definition holds a number", bytes: TaskFixtures.niv2 { $0["Definition"] = [3] },
                   code: .wrongType, location: "Definition[0]", fragments: ["expected a string, found a number"]),
        BrokenFile(name: "empty Definition list", bytes: TaskFixtures.niv2 { $0["Definition"] = [String]() },
                   code: .emptyDefinition, location: "Definition", fragments: ["definition is empty"]),
        BrokenFile(name: "blank definition", bytes: TaskFixtures.niv2 { $0["Definition"] = [" \n\t "] },
                   code: .emptyDefinition, location: "Definition[0]", fragments: ["definition is empty"]),
        BrokenFile(name: "missing Instances", bytes: TaskFixtures.niv2 { $0["Instances"] = nil }, code: .missingField,
                   location: "", fragments: ["\"Instances\" is missing"]),
        BrokenFile(name: "Instances not a list", bytes: TaskFixtures.niv2 { $0["Instances"] = ["id": "x"] },
                   code: .wrongType, location: "Instances", fragments: ["expected a list of objects, found an object"]),
        BrokenFile(name: "instance not an object", bytes: TaskFixtures.niv2 { $0["Instances"] = ["just text"] },
                   code: .wrongType, location: "Instances[0]", fragments: ["expected an object, found a string"]),
        BrokenFile(name: "no instances", bytes: TaskFixtures.niv2 { $0["Instances"] = [Any]() }, code: .noInstances,
                   location: "Instances", fragments: ["no instances"]),
        BrokenFile(name: "output not a list",
                   bytes: TaskFixtures.niv2 { TaskFixtures.instance(2, of: &$0) { $0["output"] = "yes" } },
                   code: .wrongType, location: "Instances[2].output", fragments: ["expected a list of strings, found a string"]),
        BrokenFile(name: "output holds null",
                   bytes: TaskFixtures.niv2 { TaskFixtures.instance(1, of: &$0) { $0["output"] = ["yes", NSNull()] } },
                   code: .wrongType, location: "Instances[1].output[1]", fragments: ["found null"]),
        BrokenFile(name: "output empty list",
                   bytes: TaskFixtures.niv2 { TaskFixtures.instance(0, of: &$0) { $0["output"] = [String]() } },
                   code: .noOutputs, location: "Instances[0].output", fragments: ["reference outputs is empty"]),
        BrokenFile(name: "input missing",
                   bytes: TaskFixtures.niv2 { TaskFixtures.instance(1, of: &$0) { $0["input"] = nil } },
                   code: .missingField, location: "Instances[1]", fragments: ["\"input\" is missing"]),
        BrokenFile(name: "input a number",
                   bytes: TaskFixtures.niv2 { TaskFixtures.instance(1, of: &$0) { $0["input"] = 12 } },
                   code: .wrongType, location: "Instances[1].input", fragments: ["expected a string, found a number"]),
        BrokenFile(name: "duplicate instance ids",
                   bytes: TaskFixtures.niv2 { TaskFixtures.instance(2, of: &$0) { $0["id"] = "fixture-0" } },
                   code: .duplicateInstanceID, location: "Instances[2].id", fragments: ["\"fixture-0\"", "Instances[0]"]),
        BrokenFile(name: "positive example output not a string",
                   bytes: TaskFixtures.niv2 { $0["Positive Examples"] = [["input": "a", "output": ["b"]]] },
                   code: .wrongType, location: "Positive Examples[0].output", fragments: ["found a list"]),
        BrokenFile(name: "Categories not strings", bytes: TaskFixtures.niv2 { $0["Categories"] = [["x"]] },
                   code: .wrongType, location: "Categories[0]", fragments: ["found a list"]),
        BrokenFile(name: "unknown format", bytes: text("{\"question\": \"why?\"}"), code: .unknownFormat,
                   location: "", fragments: ["neither an NIV2 task", "nor a Self-Instruct task"]),
        BrokenFile(name: "not UTF-8", bytes: text("{\"Definition\": [\"caf") + [0xe9] + text("\"]}"), code: .notUTF8,
                   location: "line 1, column 21", fragments: ["byte 20 (0xE9) is not valid UTF-8", "save the file as UTF-8"]),
        BrokenFile(name: "UTF-16 with BOM", bytes: [0xff, 0xfe] + text("{").flatMap { [$0, 0] }, code: .notUTF8,
                   location: "", fragments: ["UTF-16"]),
        BrokenFile(name: "binary", bytes: [0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00], code: .invalidJSON,
                   location: "line 1, column 1", fragments: ["byte 0x7F"]),
        BrokenFile(name: "empty file", bytes: [], code: .emptyFile, location: "", fragments: ["the file is empty"]),
        BrokenFile(name: "only whitespace and a BOM", bytes: [0xef, 0xbb, 0xbf] + text(" \n\n\t"), code: .emptyFile,
                   location: "", fragments: ["the file is empty"]),
        BrokenFile(name: "nested too deep", bytes: text("{\"Definition\": " + String(repeating: "[", count: 100_000)),
                   code: .tooDeep, location: "line 1, column 79", fragments: ["nested more than 64 levels"]),
        BrokenFile(name: "raw line break in a string", bytes: text("{\"Definition\": [\"two\nlines\"]}"), code: .invalidJSON,
                   location: "line 1, column 21", fragments: ["raw line break inside a string"]),
        BrokenFile(name: "content after a multi-line object", bytes: text("{\n\"Definition\": [\"x\"]\n}\n}\n"),
                   code: .invalidJSON, location: "line 4, column 1", fragments: ["unexpected '}' after the JSON value"]),
        BrokenFile(name: "Self-Instruct missing instruction",
                   bytes: TaskFixtures.jsonl([TaskFixtures.selfInstructObject(id: "a"), ["id": "b", "instances": [["input": "", "output": "x"]]]]),
                   code: .missingField, location: "line 2", fragments: ["\"instruction\" is missing"]),
        BrokenFile(name: "Self-Instruct output not a string",
                   bytes: TaskFixtures.jsonl([TaskFixtures.selfInstructObject(id: "a"),
                                              ["id": "b", "instruction": "Do it.", "instances": [["input": "", "output": ["x"]]]]]),
                   code: .wrongType, location: "line 2: instances[0].output", fragments: ["expected a string, found a list"]),
        BrokenFile(name: "Self-Instruct no instances",
                   bytes: TaskFixtures.jsonl([["id": "a", "instruction": "Do it.", "instances": [Any]()]]),
                   code: .noInstances, location: "line 1: instances", fragments: ["no instances"]),
        BrokenFile(name: "Self-Instruct is_classification not a boolean",
                   bytes: TaskFixtures.jsonl([TaskFixtures.selfInstructObject(id: "a").merging(["is_classification": "yes"]) { $1 }]),
                   code: .wrongType, location: "line 1: is_classification", fragments: ["expected true or false, found a string"]),
        BrokenFile(name: "Self-Instruct duplicate task ids",
                   bytes: TaskFixtures.jsonl([TaskFixtures.selfInstructObject(id: "a"), TaskFixtures.selfInstructObject(id: "b"),
                                              TaskFixtures.selfInstructObject(id: "a")]),
                   code: .duplicateTaskID, location: "line 3: id", fragments: ["\"a\" is already used on line 1"]),
        BrokenFile(name: "NIV2 tasks one per line", bytes: TaskFixtures.niv2() + [0x0a] + TaskFixtures.niv2(),
                   code: .unknownFormat, location: "line 1", fragments: ["holds an NIV2 task", "a file of its own"]),
        BrokenFile(name: "Self-Instruct broken JSON on line 3",
                   bytes: TaskFixtures.jsonl([TaskFixtures.selfInstructObject(id: "a"), TaskFixtures.selfInstructObject(id: "b")])
                       + text("{\"id\": \"c\", \"instruction\": \n"),
                   code: .truncatedJSON, location: "line 3, column 28", fragments: ["ends early"]),
    ]

    @Test(arguments: corpus)
    func brokenFileIsRejectedWithAClearMessage(_ broken: BrokenFile) {
        do {
            let file = try TaskFixtures.read(broken.bytes, name: "broken.json")
            Issue.record("accepted a broken file: \(file.tasks.count) tasks")
        } catch {
            #expect(error.code == broken.code)
            if let location = broken.location {
                #expect(error.location == location)
            }
            #expect(error.taskFile == "broken.json")
            #expect(error.description.hasPrefix("broken.json: "))
            #expect(error.description.contains(". HINT: "))
            #expect(!error.description.contains("\n"))
            #expect(error.file.hasPrefix("Tasks/"))
            for fragment in broken.fragments {
                #expect(error.description.contains(fragment), "\(error.description) lacks \(fragment)")
            }
        }
    }

    @Test func descriptionIsOneReadableLine() {
        let error = TaskFileError(.wrongType, taskFile: "t.json", lineNumber: 4, path: "instances[0].output",
                                  problem: "expected a string, found a list", hint: "write it as \"...\"")
        #expect(error.description == "t.json: line 4: instances[0].output: expected a string, found a list. HINT: write it as \"...\"")
        #expect(error.code.description == "wrongType")
    }

    @Test func quotedContentCannotBreakTheLine() {
        let id = "evil\nid\u{2028}" + String(repeating: "x", count: 100)
        let bytes = TaskFixtures.niv2 { object in
            TaskFixtures.instance(0, of: &object) { $0["id"] = id }
            TaskFixtures.instance(1, of: &object) { $0["id"] = id }
        }
        #expect(throws: TaskFileError.self) { try TaskFixtures.read(bytes) }
        do {
            _ = try TaskFixtures.read(bytes)
        } catch {
            #expect(error.code == .duplicateInstanceID)
            #expect(!error.description.contains("\n"))
            #expect(error.description.contains("evil\\nid\\u{2028}"))
            #expect(error.description.contains("…"))
        }
    }
}
