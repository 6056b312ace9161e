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

    /// An encoder for a model of `contextLength` tokens that leaves room for `maxTargetTokens` + EOS.
    public init(tokenizer: BPETokenizer, contextLength: Int, maxTargetTokens: Int = 128) {
        self.tokenizer = tokenizer
        self.contextLength = contextLength
        self.maxTargetTokens = maxTargetTokens
    }

    /// The source budget: context − output tokens − EOS, at least one token.
    public var promptBudget: Int { max(1, contextLength - maxTargetTokens - 1) }

    /// The renderer that fits prompts into `promptBudget`.
    public var renderer: PromptRenderer {
        PromptRenderer(budget: PromptBudget(maxTokens: promptBudget, counter: tokenizer))
    }

    /// The clean prompt's tokens for `instance` of `task`, never longer than `promptBudget`.
    public func promptTokens(task: InstructionTask, instance: TaskInstance) -> [Int32] {
        let tokens = tokenizer.encode(renderer.render(task: task, instance: instance))
        // Only a bare template scaffold longer than the budget gets here; keep its end, `Output: `.
        return tokens.count > promptBudget ? Array(tokens.suffix(promptBudget)) : tokens
    }

    /// The target's tokens: `text` cut to `maxTargetTokens` tokens, then EOS.
    public func targetTokens(_ text: String) -> [Int32] {
        Array(tokenizer.encode(text).prefix(maxTargetTokens)) + [tokenizer.eosID]
    }
}
