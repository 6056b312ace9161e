import Foundation
import Tasks

/// Real NIV2 tasks from the shared data beside the package (`shared/data`, searched upward from this file).
enum SharedTasks {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// The task file of `id`, cut to its first `instances` instances so tests stay fast.
    static func load(_ id: String, instances: Int) throws -> InstructionTask {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            let url = dir.appendingPathComponent("shared/data/niv2/tasks/\(id).json")
            if FileManager.default.fileExists(atPath: url.path) {
                let task = try TaskFileReader().read(contentsOf: url).tasks[0]
                return InstructionTask(id: task.id, definition: task.definition, positiveExamples: task.positiveExamples,
                                       instances: Array(task.instances.prefix(instances)), format: task.format,
                                       kind: task.kind)
            }
            dir = dir.deletingLastPathComponent()
        }
        throw Missing(description: "no shared/data/niv2/tasks/\(id).json above \(#filePath). HINT: the tests need ../shared/data")
    }

    /// The first `count` ids of a split file (`train_tasks.txt` or `test_tasks.txt`).
    static func ids(_ split: String, count: Int) throws -> [String] {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            let url = dir.appendingPathComponent("shared/data/niv2/splits/\(split)")
            if let text = try? String(contentsOf: url, encoding: .utf8) {
                return Array(text.split(separator: "\n").map(String.init).prefix(count))
            }
            dir = dir.deletingLastPathComponent()
        }
        throw Missing(description: "no shared/data/niv2/splits/\(split) above \(#filePath)")
    }
}
