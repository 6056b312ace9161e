import ArgumentParser
import Foundation

/// The texts of task files for tokenizer training, read with JSONSerialization because the `Tasks` module
/// (which decodes task files properly) had not landed when this command was written.
enum TaskFileText {
    /// The texts of one NIV2 task file (`.json`) or Self-Instruct file (`.jsonl`, one task a line):
    /// definition or instruction, positive example inputs and outputs (NIV2), instance inputs and outputs.
    static func texts(ofFile path: String) throws -> [String] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ValidationError("could not read task file \(path): \(error.localizedDescription)")
        }
        do {
            if path.hasSuffix(".jsonl") {
                return try data.split(separator: UInt8(ascii: "\n")).flatMap { line in
                    try selfInstructTexts(JSONSerialization.jsonObject(with: Data(line)))
                }
            }
            return try niv2Texts(JSONSerialization.jsonObject(with: data))
        } catch let error as ValidationError {
            throw ValidationError("\(path): \(error.message)")
        } catch {
            throw ValidationError("\(path) is not valid JSON: \(error.localizedDescription)")
        }
    }

    private static func niv2Texts(_ object: Any) throws -> [String] {
        guard let task = object as? [String: Any], let definition = task["Definition"] as? [String],
              let instances = task["Instances"] as? [[String: Any]] else {
            throw ValidationError("not an NIV2 task (needs \"Definition\" and \"Instances\"); "
                + "Self-Instruct files must end in .jsonl")
        }
        var texts = definition
        for example in task["Positive Examples"] as? [[String: Any]] ?? [] {
            texts += [example["input"] as? String, example["output"] as? String].compactMap { $0 }
        }
        for instance in instances {
            texts += [instance["input"] as? String].compactMap { $0 } + (instance["output"] as? [String] ?? [])
        }
        return texts
    }

    private static func selfInstructTexts(_ object: Any) throws -> [String] {
        guard let task = object as? [String: Any], let instruction = task["instruction"] as? String else {
            throw ValidationError("a line is not a Self-Instruct task (needs \"instruction\")")
        }
        var texts = [instruction]
        for instance in task["instances"] as? [[String: Any]] ?? [] {
            texts += [instance["input"] as? String, instance["output"] as? String].compactMap { $0 }
        }
        return texts
    }
}
