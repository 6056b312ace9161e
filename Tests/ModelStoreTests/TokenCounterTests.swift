import Model
import Tasks
import Testing

/// `BPETokenizer` as a `TokenCounter`: counts match `encode`, truncation is a prefix on a character boundary.
@Suite struct TokenCounterTests {
    static let texts = [
        "Definition: In this task, you are given a sentence. Classify it as positive or negative.",
        "naïve café — 日本語のテキスト 👩‍👩‍👧 e\u{301}t\u{301}e\u{301}",
        "   spaces\n\nand\ttabs   ",
        "",
    ]

    @Test(arguments: texts) func truncationIsAPrefixWithinTheLimit(text: String) throws {
        let tokenizer = try BPETokenizer.embeddedDefault()
        #expect(tokenizer.tokenCount(text) == tokenizer.encode(text).count)
        for limit in 0...tokenizer.tokenCount(text) + 1 {
            let cut = tokenizer.truncate(text, toTokens: limit)
            #expect(text.hasPrefix(cut), "limit \(limit): \"\(cut)\" is not a prefix")
            #expect(text.utf8.starts(with: cut.utf8), "limit \(limit): not a byte prefix")
            #expect(tokenizer.tokenCount(cut) <= limit, "limit \(limit): \(tokenizer.tokenCount(cut)) tokens")
            if limit >= tokenizer.tokenCount(text) { #expect(cut == text) }
        }
        #expect(tokenizer.truncate(text, toTokens: 0) == "")
    }

    @Test func cutsAtTokenBoundariesOfAsciiText() throws {
        let tokenizer = try BPETokenizer.embeddedDefault()
        let text = Self.texts[0]
        let ids = tokenizer.encode(text)
        for limit in 1..<ids.count {
            #expect(tokenizer.truncate(text, toTokens: limit) == tokenizer.decode(ids.prefix(limit)))
        }
    }

    @Test func aBudgetFitsRenderedPrompts() throws {
        let tokenizer = try BPETokenizer.embeddedDefault()
        let task = InstructionTask(id: "t", definition: String(repeating: "Label the sentiment of the review. ", count: 40),
                                   instances: [TaskInstance(id: "i", input: String(repeating: "great movie ", count: 200),
                                                            outputs: ["positive"])],
                                   format: .niv2, kind: .classification)
        let prompt = PromptRenderer(budget: PromptBudget(maxTokens: 100, counter: tokenizer))
            .render(task: task, instance: task.instances[0])
        #expect(tokenizer.tokenCount(prompt) <= 100)
        #expect(prompt.hasSuffix("\nOutput:"))
    }
}
