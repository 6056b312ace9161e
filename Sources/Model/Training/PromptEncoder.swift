import Tasks

/// Turns a task instance into the token ids of its clean Tk-Instruct prompt, fitted so that the
/// prompt plus `maxTargetTokens` generated or target tokens plus EOS fit the context window.
///
/// Training, evaluation and scoring share it, so a model is always asked in the form it was taught.
public struct PromptEncoder: Sendable {
    /// The tokenizer.
    public let tokenizer: BPETokenizer
    /// The model's context length.
    public let contextLength: Int
    /// Tokens reserved after the prompt for the output (its EOS comes on top).
    public let maxTargetTokens: Int
    /// Where an answer ends: targets are cut at it, as decoding stops at it.
    public let stop: StopSequence?

    /// An encoder for a model of `contextLength` tokens that leaves room for `maxTargetTokens` + EOS.
    public init(tokenizer: BPETokenizer, contextLength: Int, maxTargetTokens: Int = 128,
                stop: StopSequence? = StopSequence(StopSequence.blankLine)) {
        self.tokenizer = tokenizer
        self.contextLength = contextLength
        self.maxTargetTokens = maxTargetTokens
        self.stop = stop
    }

    /// The prompt text's budget: context − output tokens − EOS − the BOS the model may put first, at least one token.
    public var promptBudget: Int { max(1, contextLength - maxTargetTokens - 1 - tokenizer.promptOverhead) }

    /// The renderer that fits prompts into `promptBudget`.
    public var renderer: PromptRenderer {
        PromptRenderer(budget: PromptBudget(maxTokens: promptBudget, counter: tokenizer))
    }

    /// The clean prompt's tokens for `instance` of `task` (after the model's BOS, if it has one), the text's part
    /// never longer than `promptBudget`.
    public func promptTokens(task: InstructionTask, instance: TaskInstance) -> [Int32] {
        let tokens = tokenizer.encode(renderer.render(task: task, instance: instance))
        // Only a bare template scaffold longer than the budget gets here; keep its end, `Output:`.
        let fitted = tokens.count > promptBudget ? Array(tokens.suffix(promptBudget)) : tokens
        return tokenizer.bosID.map { [$0] + fitted } ?? fitted
    }

    /// The target's tokens: a space, then `text` (leading whitespace dropped, cut at the stop sequence), at most
    /// `maxTargetTokens` tokens in all, then EOS. The prompt ends at `Output:`, and a byte-level BPE vocabulary
    /// holds a word with its leading space (`ĠRome`), so the answer starts with its space.
    public func targetTokens(_ text: String) -> [Int32] {
        let answer = stop.map { $0.cut(text) } ?? text
        let spaced = " " + answer.drop { $0.isWhitespace }
        return Array(tokenizer.encode(spaced).prefix(maxTargetTokens)) + [tokenizer.eosID]
    }
}
