/// The method's prompt perturbation: drop words of the definition and of the positive examples' inputs.
///
/// Variant 0 is the clean context. Variant j ≥ 1 drops every whitespace-separated word (Python's
/// `str.split()`) of the definition, then of example 1's input, then of example 2's input, each
/// independently with probability `dropRate`, and joins the kept words with single spaces. Example
/// outputs and the instance input are never changed. The stream of random draws comes from
/// `SeededGenerator(seed: seed, salt: "word-drop/<task contentHash>/<j>")`, so a variant depends only on
/// (seed, task content, j): not on the order tasks arrive in, nor on how many variants are asked for.
/// With `dropRate` 0 every variant is the clean context, byte for byte.
public struct WordDropPerturbation: Sendable, Hashable, Codable {
    /// The default seed, 0 (what `activetune prompt` and scoring use unless told otherwise).
    public static let defaultSeed: UInt64 = 0
    /// The paper's drop probability, 0.2.
    public static let defaultDropRate = 0.2
    /// The paper's number of perturbed variants per task, k = 10 (variants 1...10 besides the clean 0).
    public static let defaultVariantCount = 10

    /// Seeds every task's streams.
    public var seed: UInt64
    /// The probability that a word is dropped, in 0...1.
    public var dropRate: Double

    /// A perturbation; `dropRate` must be in 0...1.
    public init(seed: UInt64 = defaultSeed, dropRate: Double = defaultDropRate) {
        precondition((0...1).contains(dropRate), "dropRate must be in 0...1")
        self.seed = seed
        self.dropRate = dropRate
    }

    /// The clean context followed by `count` perturbed ones: indices 0...count, 0 being clean.
    public func variants(of task: InstructionTask, count: Int = defaultVariantCount) -> [PromptContext] {
        (0...max(count, 0)).map { variant($0, of: task) }
    }

    /// Variant `index` of `task`'s context: clean for 0 (and below), perturbed for 1 and above.
    public func variant(_ index: Int, of task: InstructionTask) -> PromptContext {
        let clean = PromptContext(task: task)
        guard index > 0, dropRate > 0 else { return clean }
        var generator = SeededGenerator(seed: seed, salt: "word-drop/\(task.contentHash)/\(index)")
        let definition = dropWords(clean.definition, using: &generator)
        let examples = clean.positiveExamples.map {
            TaskExample(input: dropWords($0.input, using: &generator), output: $0.output)
        }
        return PromptContext(definition: definition, positiveExamples: examples)
    }

    private func dropWords(_ text: String, using generator: inout SeededGenerator) -> String {
        PythonText.split(text).filter { _ in generator.nextUnitInterval() >= dropRate }.joined(separator: " ")
    }
}
