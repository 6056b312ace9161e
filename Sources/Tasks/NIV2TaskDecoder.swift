/// Builds an `InstructionTask` from the JSON object of an NIV2 task file.
enum NIV2TaskDecoder {
    private static let exampleShape = JSONFields.Shape.objectList("{\"input\": \"...\", \"output\": \"...\"}")
    private static let instanceShape = JSONFields.Shape.objectList(
        "{\"id\": \"...\", \"input\": \"...\", \"output\": [\"...\"]}")

    /// Whether a top-level object looks like an NIV2 task.
    static func recognizes(_ fields: JSONFields) -> Bool {
        fields.has("Definition") || fields.has("Instances")
    }

    /// Required: `Definition` (non-empty list of strings, first one not blank) and `Instances` (non-empty
    /// list of `id`/`input`/`output` objects, `output` a non-empty list of strings, ids unique). Optional,
    /// type-checked when present: `Positive Examples`, `Categories`, `Input_language`, `Output_language`.
    /// Any other key is ignored.
    static func decode(_ fields: JSONFields, id: String, classifier: TaskClassifier) throws(TaskFileError) -> InstructionTask {
        let definitions = try fields.stringList("Definition", required: true)
        guard let definition = definitions.first, !PythonText.strip(definition).isEmpty else {
            throw TaskFileError(.emptyDefinition, path: definitions.isEmpty ? "Definition" : "Definition[0]",
                                problem: "the definition is empty",
                                hint: "write the task's instructions in \"Definition\": [\"...\"]")
        }
        var examples: [TaskExample] = []
        for example in try fields.objectList("Positive Examples", exampleShape) {
            examples.append(TaskExample(input: try example.string("input"), output: try example.string("output")))
        }
        let instanceFields = try fields.objectList("Instances", instanceShape, required: true)
        guard !instanceFields.isEmpty else {
            throw TaskFileError(.noInstances, path: "Instances", problem: "the task has no instances",
                                hint: "add at least one {\"id\", \"input\", \"output\": [...]} object to \"Instances\"")
        }
        var instances: [TaskInstance] = []
        var firstUse: [String: Int] = [:]
        for (index, instance) in instanceFields.enumerated() {
            let instanceID = try instance.string("id")
            if let earlier = firstUse[instanceID] {
                throw TaskFileError(.duplicateInstanceID, path: instance.path(of: "id"),
                                    problem: "instance id \(MessageText.quoted(instanceID)) is already used by Instances[\(earlier)]",
                                    hint: "give every instance its own id")
            }
            firstUse[instanceID] = index
            let input = try instance.string("input")
            let outputs = try instance.stringList("output", required: true)
            guard !outputs.isEmpty else {
                throw TaskFileError(.noOutputs, path: instance.path(of: "output"),
                                    problem: "the list of reference outputs is empty",
                                    hint: "give at least one reference, e.g. \"output\": [\"...\"] (an empty string is allowed)")
            }
            instances.append(TaskInstance(id: instanceID, input: input, outputs: outputs))
        }
        return InstructionTask(
            id: id, definition: definition, positiveExamples: examples, instances: instances,
            categories: try fields.stringList("Categories"),
            inputLanguages: try fields.stringList("Input_language"),
            outputLanguages: try fields.stringList("Output_language"),
            format: .niv2, kind: classifier.kind(definition: definition, instances: instances))
    }
}
