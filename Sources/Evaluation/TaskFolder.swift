import Foundation
import Tasks

/// Reads an evaluation set or a pool: task files given directly or as directories (their `*.json` and
/// `*.jsonl` files, in name order), optionally restricted to listed task ids.
public enum TaskFolder {
    /// Every task in `paths`; with `ids`, only those tasks, in the order listed, all of which must exist.
    public static func load(_ paths: [URL], ids: [String]? = nil,
                            reader: TaskFileReader = TaskFileReader()) throws -> [InstructionTask] {
        var tasks: [InstructionTask] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory) else {
                throw EvaluationError(.unreadableTasks, "\(path.path) does not exist. HINT: give task files or a folder of them")
            }
            let files = isDirectory.boolValue ? try taskFiles(in: path) : [path]
            for file in files { tasks += try reader.read(contentsOf: file, name: file.lastPathComponent).tasks }
        }
        guard let ids else { return tasks }
        let byID = Dictionary(tasks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return try ids.map { id in
            guard let task = byID[id] else {
                throw EvaluationError(.unreadableTasks, "task \(id) is listed but not among the \(tasks.count) tasks read. "
                    + "HINT: check the id list against the task folder")
            }
            return task
        }
    }

    /// Task ids from a text file: one a line; blank lines and `#` comments are skipped.
    public static func ids(listedIn file: URL) throws -> [String] {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw EvaluationError(.unreadableTasks, "cannot read the task list \(file.path). HINT: give a UTF-8 text file")
        }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    private static func taskFiles(in directory: URL) throws -> [URL] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw EvaluationError(.unreadableTasks, "cannot list \(directory.path): \(error.localizedDescription). "
                + "HINT: check the folder's permissions")
        }
        return names.filter { ($0.hasSuffix(".json") || $0.hasSuffix(".jsonl")) && !$0.hasPrefix(".") }.sorted()
            .map { directory.appendingPathComponent($0) }
    }
}
