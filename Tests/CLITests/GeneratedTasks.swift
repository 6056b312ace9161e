import Foundation

/// Small, distinct NIV2-shaped task files for volume and crash tests.
enum GeneratedTasks {
    /// Task number `n`: its content (and so its content hash) differs from every other `n`.
    static func niv2(_ n: Int) -> [UInt8] {
        let object: [String: Any] = [
            "Definition": ["Answer 'yes' or 'no': does sentence \(n) mention a colour?"],
            "Positive Examples": [["input": "The sky is blue.", "output": "yes", "explanation": "Blue is a colour."]],
            "Negative Examples": [],
            "Categories": ["Text Categorization"],
            "Input_language": ["English"], "Output_language": ["English"],
            "Instances": (0..<3).map { i in
                ["id": "gen\(n)-\(i)", "input": "Sentence \(n).\(i) is about \(i % 2 == 0 ? "red" : "tables").",
                 "output": [i % 2 == 0 ? "yes" : "no"]]
            },
        ]
        return [UInt8]((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }
}
