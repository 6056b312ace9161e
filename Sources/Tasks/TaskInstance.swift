/// One input of a task with its reference outputs.
public struct TaskInstance: Sendable, Hashable, Codable {
    /// Unique within its task: NIV2's own id, or `<task id>-<index>` for Self-Instruct.
    public var id: String
    /// The input, as written in the task file (not trimmed).
    public var input: String
    /// The reference outputs; never empty, strings may be empty.
    public var outputs: [String]

    /// An instance with `id`, `input` and reference `outputs`.
    public init(id: String, input: String, outputs: [String]) {
        self.id = id
        self.input = input
        self.outputs = outputs
    }
}
