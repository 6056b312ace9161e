/// The task-level part of a prompt, shared by all of a task's instances: its definition and the
/// positive examples to show. Perturbed variants (`WordDropPerturbation`) are contexts too.
public struct PromptContext: Sendable, Hashable, Codable {
    /// The definition text (not yet stripped or terminated; `PromptRenderer` does that).
    public var definition: String
    /// At most `PromptRenderer.maxPositiveExamples` examples, in order.
    public var positiveExamples: [TaskExample]

    /// A context with `definition` and `positiveExamples`.
    public init(definition: String, positiveExamples: [TaskExample]) {
        self.definition = definition
        self.positiveExamples = Array(positiveExamples.prefix(PromptRenderer.maxPositiveExamples))
    }

    /// The clean (unperturbed) context of `task`: its definition and its first two positive examples.
    public init(task: InstructionTask) {
        self.init(definition: task.definition, positiveExamples: task.positiveExamples)
    }
}
