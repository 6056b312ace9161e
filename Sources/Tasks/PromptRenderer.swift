/// Renders the Tk-Instruct prompt (its `ni_collator` with definition and two positive examples),
/// which the method scores and trains with:
///
///     Definition: {definition}\n\n
///      Positive Example 1 -\nInput: {input}\n Output: {output}\n\n
///      Positive Example 2 -\nInput: {input}\n Output: {output}\n\n
///     Now complete the following example -\nInput: {instance input}\nOutput:
///
/// Deviation: Tk-Instruct ends with `Output: ` (a trailing space), written for T5, whose tokenizer absorbs
/// spaces. A byte-level BPE model (GPT-2, SmolLM2, Llama 3) was trained on text where the space belongs to the
/// next word (`ĠRome`), so its prompt ends at the colon and every target starts with its space
/// (`PromptEncoder.targetTokens`); SmolLM2 completes capitals correctly only this way (README, deviations).
///
/// Each field is stripped of whitespace (Python's `str.strip()`), and a `.` is appended when the text
/// so far does not end in ASCII punctuation; the check is on the whole `"Input: ..."` piece, so an empty
/// field renders as `Input: .`, exactly as the reference does.
///
/// With a budget, example i is included only while `definition + " ".join(examples so far) + example i
/// + instance part` fits, as in the reference. Deviation from the reference, which cuts the token
/// sequence from the right (losing `Output:`): a prompt that is still too long first has its instance
/// input cut (keeping its start), and then, if the input is gone and it still does not fit, its
/// definition; the template scaffold and the final `Output:` always survive. Only when the bare
/// scaffold alone exceeds the budget is the budget exceeded.
public struct PromptRenderer: Sendable {
    /// The reference shows at most two positive examples.
    public static let maxPositiveExamples = 2
    /// A renderer without a token budget.
    public static let unbounded = PromptRenderer()

    /// The source budget, or nil for no limit.
    public var budget: PromptBudget?

    /// A renderer that fits prompts into `budget` (nil: no limit).
    public init(budget: PromptBudget? = nil) {
        self.budget = budget
    }

    /// The clean prompt for one instance of `task`.
    public func render(task: InstructionTask, instance: TaskInstance) -> String {
        render(PromptContext(task: task), input: instance.input)
    }

    /// The prompt for an instance `input` under `context` (clean or perturbed).
    public func render(_ context: PromptContext, input: String) -> String {
        let definition = Self.definitionPart(context.definition)
        let taskInput = Self.taskInputPart(input)
        let candidates = context.positiveExamples.prefix(Self.maxPositiveExamples).enumerated()
            .map { Self.examplePart(number: $0.offset + 1, $0.element) }
        guard let budget else { return definition + candidates.joined() + taskInput }
        var examples: [String] = []
        for example in candidates {
            // The reference measures with the examples joined by a space, though it renders them joined by nothing.
            guard budget.fits(definition + examples.joined(separator: " ") + example + taskInput) else { break }
            examples.append(example)
        }
        let shown = examples.joined()
        let source = definition + shown + taskInput
        if budget.fits(source) { return source }
        if let fitted = Self.fit(PythonText.strip(input), in: budget, render: { definition + shown + Self.taskInputPart($0) }) {
            return fitted
        }
        let emptyInput = shown + Self.taskInputPart("")
        if let fitted = Self.fit(PythonText.strip(context.definition), in: budget,
                                 render: { Self.definitionPart($0) + emptyInput }) {
            return fitted
        }
        return Self.definitionPart("") + emptyInput
    }

    /// `render(start of text)` for the longest start of `text` that fits, or nil when not even
    /// an empty `text` fits. Token counts of concatenations are not additive, so it re-measures.
    private static func fit(_ text: String, in budget: PromptBudget, render: (String) -> String) -> String? {
        let empty = render("")
        let overhead = budget.counter.tokenCount(empty)
        guard overhead <= budget.maxTokens else { return nil }
        var allowance = min(budget.maxTokens - overhead, budget.counter.tokenCount(text))
        while allowance > 0 {
            let candidate = render(budget.counter.truncate(text, toTokens: allowance))
            let excess = budget.counter.tokenCount(candidate) - budget.maxTokens
            if excess <= 0 { return candidate }
            allowance -= excess
        }
        return empty
    }

    static func definitionPart(_ definition: String) -> String {
        PythonText.terminated("Definition: " + PythonText.strip(definition)) + "\n\n"
    }

    static func examplePart(number: Int, _ example: TaskExample) -> String {
        " Positive Example \(number) -\n"
            + PythonText.terminated("Input: " + PythonText.strip(example.input)) + "\n"
            + PythonText.terminated(" Output: " + PythonText.strip(example.output)) + "\n\n"
    }

    static func taskInputPart(_ input: String) -> String {
        "Now complete the following example -\n" + PythonText.terminated("Input: " + PythonText.strip(input)) + "\nOutput:"
    }
}
