import Testing
@testable import Model

extension ModelTests {
    /// Where an answer ends: the stop sequence cuts decoded outputs and training targets the same way.
    @Suite struct StopSequenceTests {
        let tokenizer: BPETokenizer
        init() throws { tokenizer = try BPETokenizer.embeddedDefault() }

        @Test func keepsTheTokensBeforeTheStopAndDropsItsStart() throws {
            let stop = try #require(StopSequence(StopSequence.blankLine))
            let answer = tokenizer.encode(" Rome.")
            let tokens = tokenizer.encode(" Rome.\n\nHere is the example -")
            // The blank line may be one token or two; either way the answer is what comes before it.
            let completing = try #require((1...tokens.count).first { tokenizer.decode(tokens[..<$0]).contains("\n\n") })
            #expect(stop.keptCount(Array(tokens[..<completing]), tokenizer: tokenizer) == answer.count)
            #expect(stop.keptCount(answer, tokenizer: tokenizer) == nil)
            #expect(stop.cut(" Rome.\n\nHere") == " Rome.")
            #expect(stop.cut(" Rome.") == " Rome.")
            #expect(StopSequence("") == nil)
        }

        @Test func targetsStartWithTheirSpaceAndEndAtTheStop() throws {
            let encoder = PromptEncoder(tokenizer: tokenizer, contextLength: 64, maxTargetTokens: 16)
            #expect(encoder.targetTokens("Rome.") == tokenizer.encode(" Rome.") + [tokenizer.eosID])
            #expect(encoder.targetTokens("  Rome.\n\nMore text") == tokenizer.encode(" Rome.") + [tokenizer.eosID])
            let unstopped = PromptEncoder(tokenizer: tokenizer, contextLength: 64, maxTargetTokens: 16, stop: nil)
            #expect(unstopped.targetTokens("a\n\nb") == tokenizer.encode(" a\n\nb") + [tokenizer.eosID])
        }

        /// Decoding with a stop ends exactly where the unstopped output first contains it.
        @Test func greedyDecodingStopsAtTheSequence() throws {
            let model = try Transformer(config: ModelConfig(vocabSize: 8192, contextLength: 64, layers: 1, heads: 2, width: 16),
                                        seed: 3)
            let prompt = tokenizer.encode("Definition: Answer.\n\nInput: x.\nOutput:")
            let free = try model.greedyDecode(prompts: [prompt], maxNewTokens: 12, stopToken: -1)[0]
            try #require(free.tokens.count == 12)
            // A stop made of the text of output tokens 4 and 5.
            let text = tokenizer.decode(free.tokens[4..<6])
            let stop = try #require(StopSequence(text))
            let stopped = try model.greedyDecode(prompts: [prompt], maxNewTokens: 12, stopToken: -1, stop: stop,
                                                 tokenizer: tokenizer)[0]
            #expect(stopped.finish == .stopSequence)
            #expect(stopped.tokens == Array(free.tokens.prefix(stopped.tokens.count)))
            #expect(stopped.tokens.count <= 5)
            #expect(!tokenizer.decode(stopped.tokens).contains(text))
        }
    }
}
