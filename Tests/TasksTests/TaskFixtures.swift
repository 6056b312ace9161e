import Foundation
@testable import Tasks

/// Small task files built in code, valid unless a test changes them.
enum TaskFixtures {
    /// A valid NIV2 task object: a yes/no task with `instanceCount` instances.
    static func niv2Object(instanceCount: Int = 3) -> [String: Any] {
        [
            "Definition": ["Answer 'yes' or 'no': is the sentence positive?"],
            "Positive Examples": [
                ["input": "I love it.", "output": "yes", "explanation": "Positive."],
                ["input": "I hate it.", "output": "no", "explanation": "Negative."],
            ],
            "Negative Examples": [],
            "Categories": ["Sentiment Analysis"],
            "Input_language": ["English"],
            "Output_language": ["English"],
            "Instances": (0..<instanceCount).map { index in
                ["id": "fixture-\(index)", "input": "Sentence \(index).", "output": [index % 2 == 0 ? "yes" : "no"]]
            },
        ]
    }

    /// `object` as JSON bytes (layout chosen by JSONSerialization).
    static func json(_ object: Any) -> [UInt8] {
        // The fixtures are plain dictionaries and arrays, so serialisation cannot fail.
        (try? [UInt8](JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))) ?? []
    }

    /// A valid NIV2 file with one change applied to its object.
    static func niv2(_ change: (inout [String: Any]) -> Void = { _ in }) -> [UInt8] {
        var object = niv2Object()
        change(&object)
        return json(object)
    }

    /// Changes instance `index` of an NIV2 object.
    static func instance(_ index: Int, of object: inout [String: Any], _ change: (inout [String: Any]) -> Void) {
        var instances = object["Instances"] as? [[String: Any]] ?? []
        change(&instances[index])
        object["Instances"] = instances
    }

    /// One valid Self-Instruct task object.
    static func selfInstructObject(id: String, input: String = "", name: String = "fixture") -> [String: Any] {
        ["id": id, "name": name, "instruction": "Write a haiku about \(id).",
         "instances": [["input": input, "output": "An old silent pond"]], "is_classification": false]
    }

    /// Self-Instruct JSONL from objects, one per line.
    static func jsonl(_ objects: [[String: Any]]) -> [UInt8] {
        objects.flatMap { json($0) + [0x0a] }
    }

    /// Reads `bytes` as a task file named `name`.
    static func read(_ bytes: [UInt8], name: String = "fixture.json", reader: TaskFileReader = TaskFileReader()) throws(TaskFileError) -> TaskFile {
        try reader.read(Data(bytes), name: name)
    }
}
