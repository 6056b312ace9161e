import Foundation

/// The tasks read from one file.
public struct TaskFile: Sendable, Hashable, Codable {
    /// The file's name or path as the caller gave it; used in messages.
    public var name: String
    /// Where it was read from, or nil when it was read from memory.
    public var url: URL?
    /// The format detected from the content.
    public var format: TaskFormat
    /// The file's tasks in file order: one for NIV2, one per line for Self-Instruct.
    public var tasks: [InstructionTask]

    /// A task file.
    public init(name: String, url: URL? = nil, format: TaskFormat, tasks: [InstructionTask]) {
        self.name = name
        self.url = url
        self.format = format
        self.tasks = tasks
    }

    /// The number of instances over all tasks.
    public var instanceCount: Int {
        tasks.reduce(0) { $0 + $1.instances.count }
    }
}
