/// Builds an `InstructionTask` from one line of a Self-Instruct JSONL file.
enum SelfInstructTaskDecoder {
    private static let instanceShape = JSONFields.Shape.objectList("{\"input\": \"...\", \"output\": \"...\"}")

    /// Whether a top-level object looks like a Self-Instruct task.
    static func recognizes(_ fields: JSONFields) -> Bool {
        fields.has("instruction") || fields.has("instances")
    }

    /// Required: `id`, `instruction` (not blank) and `instances` (non-empty list of `input`/`output`
    /// string objects; `input` may be empty). Optional: `is_classification` (a boolean; when absent,
    /// `classifier` decides). `name` and other keys are ignored (names are not unique in the real data).
    /// Instance ids are `<id>-<index>` because the format has none.
    static func decode(_ fields: JSONFields, classifier: TaskClassifier) throws(TaskFileError) -> InstructionTask {
        let id = try fields.string("id")
        let instruction = try fields.string("instruction")
        guard !PythonText.strip(instruction).isEmpty else {
            throw TaskFileError(.emptyDefinition, path: "instruction", problem: "the instruction is empty",
                                hint: "write the task's instructions in \"instruction\"")
        }
        let instanceFields = try fields.objectList("instances", instanceShape, required: true)
        guard !instanceFields.isEmpty else {
            throw TaskFileError(.noInstances, path: "instances", problem: "the task has no instances",
                                hint: "add at least one {\"input\": \"...\", \"output\": \"...\"} object to \"instances\"")
        }
        var instances: [TaskInstance] = []
        for (index, instance) in instanceFields.enumerated() {
            instances.append(TaskInstance(id: "\(id)-\(index)", input: try instance.string("input"),
                                          outputs: [try instance.string("output")]))
        }
        let kind: TaskKind
        if let flag = try fields.optionalBool("is_classification") {
            kind = flag ? .classification : .generation
        } else {
            kind = classifier.kind(definition: instruction, instances: instances)
        }
        return InstructionTask(id: id, definition: instruction, instances: instances, format: .selfInstruct, kind: kind)
    }
}
