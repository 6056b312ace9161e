import Crypto

/// One instruction task: a definition, demonstrations and instances, from either file format.
public struct InstructionTask: Sendable, Hashable, Codable, Identifiable {
    /// NIV2: the file name without `.json`; Self-Instruct: the line's `id`.
    public let id: String
    /// NIV2: `Definition[0]`, the string Tk-Instruct uses (later strings, which no real task has, are
    /// ignored so the prompt matches the reference); Self-Instruct: `instruction`. Never blank.
    public let definition: String
    /// NIV2 `Positive Examples` in file order (the prompt uses at most the first two); Self-Instruct: none.
    public let positiveExamples: [TaskExample]
    /// The task's instances in file order; never empty, ids unique.
    public let instances: [TaskInstance]
    /// NIV2 `Categories`; empty for Self-Instruct.
    public let categories: [String]
    /// NIV2 `Input_language`; empty for Self-Instruct.
    public let inputLanguages: [String]
    /// NIV2 `Output_language`; empty for Self-Instruct.
    public let outputLanguages: [String]
    /// The format the task was read from.
    public let format: TaskFormat
    /// Classification or generation, decided by a `TaskClassifier` when the file was read.
    public let kind: TaskKind
    /// Lower-case hex SHA-256 of the task's content; see `InstructionTask.hashContent`.
    public let contentHash: String

    /// A task; `contentHash` is computed from the content arguments.
    public init(id: String, definition: String, positiveExamples: [TaskExample] = [],
                instances: [TaskInstance], categories: [String] = [], inputLanguages: [String] = [],
                outputLanguages: [String] = [], format: TaskFormat, kind: TaskKind) {
        self.id = id
        self.definition = definition
        self.positiveExamples = positiveExamples
        self.instances = instances
        self.categories = categories
        self.inputLanguages = inputLanguages
        self.outputLanguages = outputLanguages
        self.format = format
        self.kind = kind
        self.contentHash = Self.hashContent(definition: definition, positiveExamples: positiveExamples,
                                            instances: instances)
    }

    /// The content hash: SHA-256 of a length-prefixed encoding of what a model is trained and scored on.
    ///
    /// Hashed, in order: the tag `activetune-task-v1`, the definition, the number of positive examples
    /// and each one's input and output, the number of instances and each one's input, number of outputs
    /// and outputs. Every string is its UTF-8 bytes exactly as decoded (whitespace inside strings is
    /// content), preceded by its byte count; every count is a little-endian UInt64. Not hashed: the task
    /// and instance ids, the file format, metadata (categories, languages, ...) and the JSON layout, so a
    /// task re-serialised differently or resubmitted under another name hashes the same.
    public static func hashContent(definition: String, positiveExamples: [TaskExample],
                                   instances: [TaskInstance]) -> String {
        var hasher = Crypto.SHA256()
        func count(_ value: Int) {
            hasher.update(data: (0..<8).map { UInt8(truncatingIfNeeded: UInt64(value) >> (8 * $0)) })
        }
        func text(_ value: String) {
            count(value.utf8.count)
            hasher.update(data: Array(value.utf8))
        }
        text("activetune-task-v1")
        text(definition)
        count(positiveExamples.count)
        for example in positiveExamples {
            text(example.input)
            text(example.output)
        }
        count(instances.count)
        for instance in instances {
            text(instance.input)
            count(instance.outputs.count)
            instance.outputs.forEach(text)
        }
        return hasher.finalize().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

extension InstructionTask {
    /// `count` instances (all when fewer) in a seeded random order: the method's "seeded shuffle,
    /// first n". Depends only on (`seed`, task content), through the stream salted
    /// `instances/<contentHash>`, so every module that samples a task picks the same instances.
    public func sampledInstances(_ count: Int, seed: UInt64) -> [TaskInstance] {
        var generator = SeededGenerator(seed: seed, salt: "instances/\(contentHash)")
        return Array(instances.shuffled(using: &generator).prefix(max(count, 0)))
    }
}
