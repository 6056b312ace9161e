import Foundation
import TestSupport

/// Where the CLI tests find task files: the shared real data and the Tasks tests' golden prompts.
enum TaskFileLocations {
    /// `shared/data` (`TestSupport.SharedData`).
    static func sharedData(filePath: String = #filePath) throws -> URL {
        try SharedData.directory(filePath: filePath)
    }

    /// The repository's sample NIV2 tasks, `examples/tasks/`.
    static func examples(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/tasks")
    }

    /// The golden prompts made by Tests/TasksTests/Reference/tk_instruct_prompt.py.
    static func golden(_ name: String, filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TasksTests/Reference/golden/\(name)")
    }

    /// A fresh temporary directory holding `files` (name → content).
    static func temporaryDirectory(with files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-tasks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, content) in files {
            try Data(content.utf8).write(to: dir.appendingPathComponent(name))
        }
        return dir
    }
}
