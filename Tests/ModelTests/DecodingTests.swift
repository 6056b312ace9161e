import Testing
@testable import Model

extension ModelTests {
    /// Greedy decoding: the KV cache changes nothing, stop tokens and the context limit are honoured.
    @Suite struct DecodingTests {
        let model: Transformer
        init() throws { model = try Fixtures.randomModel(Fixtures.small, seed: 5, scale: 0.15) }

        @Test func cachedDecodingEqualsUncached() throws {
            let prompts = [Fixtures.tokens(10, vocab: 64, seed: 31), Fixtures.tokens(3, vocab: 64, seed: 32),
                           Fixtures.tokens(25, vocab: 64, seed: 33)]
            let cached = try model.greedyDecode(prompts: prompts, maxNewTokens: 20, stopToken: 0)
            let uncached = try model.greedyDecodeWithoutCache(prompts: prompts, maxNewTokens: 20, stopToken: 0)
            #expect(cached == uncached)
            #expect(cached.contains { $0.tokens.count > 5 })
        }

        @Test func batchedDecodingEqualsOneAtATime() throws {
            let prompts = [Fixtures.tokens(6, vocab: 64, seed: 34), Fixtures.tokens(14, vocab: 64, seed: 35)]
            let batched = try model.greedyDecode(prompts: prompts, maxNewTokens: 12)
            for (prompt, result) in zip(prompts, batched) {
                #expect(try model.greedyDecode(prompts: [prompt], maxNewTokens: 12) == [result])
            }
        }

        @Test func sharedPrefixDecodingEqualsFullPrompts() throws {
            let prefix = Fixtures.tokens(20, vocab: 64, seed: 40)
            let prompts = [prefix + Fixtures.tokens(5, vocab: 64, seed: 41), prefix + Fixtures.tokens(9, vocab: 64, seed: 42),
                           prefix, prefix + Fixtures.tokens(1, vocab: 64, seed: 43)]
            let shared = try model.greedyDecode(prompts: prompts, maxNewTokens: 15, stopToken: -1, sharePrefix: true)
            let full = try model.greedyDecode(prompts: prompts, maxNewTokens: 15, stopToken: -1, sharePrefix: false)
            #expect(shared == full)
            #expect(shared.allSatisfy { $0.tokens.count == 15 })
            // Identical prompts share all but their last token.
            let same = try model.greedyDecode(prompts: [prefix, prefix], maxNewTokens: 8, stopToken: -1)
            #expect(same[0] == same[1])
            #expect(same[0] == DecodedSequence(tokens: Array(full[2].tokens.prefix(8)), finish: .maxTokens))
        }

        @Test func prefixGroupsShareWithinEachGroupOnly() throws {
            let first = Fixtures.tokens(18, vocab: 64, seed: 44), second = Fixtures.tokens(12, vocab: 64, seed: 45)
            let prompts = [first + Fixtures.tokens(4, vocab: 64, seed: 46), second + Fixtures.tokens(7, vocab: 64, seed: 47),
                           first + Fixtures.tokens(2, vocab: 64, seed: 48), Fixtures.tokens(9, vocab: 64, seed: 49),
                           second]
            let grouped = try model.greedyDecode(prompts: prompts, maxNewTokens: 10, stopToken: -1,
                                                 prefixGroups: [0, 1, 0, 2, 1])
            let full = try model.greedyDecode(prompts: prompts, maxNewTokens: 10, stopToken: -1, sharePrefix: false)
            #expect(grouped == full)
            #expect(grouped.allSatisfy { $0.tokens.count == 10 })
            #expect(throws: ModelError.self) {
                try model.greedyDecode(prompts: prompts, maxNewTokens: 2, prefixGroups: [0, 1])
            }
        }

        @Test func stopsAtContextLength() throws {
            let prompt = Fixtures.tokens(60, vocab: 64, seed: 36)
            let result = try model.greedyDecode(prompts: [prompt, Fixtures.tokens(64, vocab: 64, seed: 37)],
                                                maxNewTokens: 100, stopToken: -1)
            #expect(result[0].tokens.count == 4)
            #expect(result[0].finish == .contextFull)
            #expect(result[1] == DecodedSequence(tokens: [], finish: .contextFull))
        }

        @Test func stopTokenEndsWithoutBeingReturned() throws {
            let prompt = Fixtures.tokens(8, vocab: 64, seed: 38)
            let free = try model.greedyDecode(prompts: [prompt], maxNewTokens: 10, stopToken: -1)[0]
            let stop = free.tokens[3]
            let stopped = try model.greedyDecode(prompts: [prompt], maxNewTokens: 10, stopToken: stop)[0]
            let firstStop = try #require(free.tokens.firstIndex(of: stop))
            #expect(stopped.tokens == Array(free.tokens[..<firstStop]))
            #expect(stopped.finish == .stopToken)
            #expect(free.finish == .maxTokens)
        }

        @Test func overlongOrEmptyPromptThrows() throws {
            #expect(throws: ModelError.self) { try model.greedyDecode(prompts: [Fixtures.tokens(65, vocab: 64, seed: 1)]) }
            #expect(throws: ModelError.self) { try model.greedyDecode(prompts: [[]]) }
        }
    }
}
