import Testing
@testable import Model

extension ModelTests {
    /// Teacher-forced scoring: prefix reuse gives the full-sequence numbers, and bad requests throw.
    @Suite struct ScoringTests {
        let model: Transformer
        let prefix = Fixtures.tokens(20, vocab: 64, seed: 21)
        let continuations = [
            ScoringContinuation(promptSuffix: Fixtures.tokens(7, vocab: 64, seed: 22), target: [5, 9, 63]),
            ScoringContinuation(promptSuffix: [], target: Fixtures.tokens(12, vocab: 64, seed: 23)),
            ScoringContinuation(promptSuffix: Fixtures.tokens(30, vocab: 64, seed: 24), target: [63]),
        ]

        init() throws { model = try Fixtures.randomModel(Fixtures.small, seed: 3, scale: 0.1) }

        @Test func prefixReuseEqualsFullSequence() throws {
            let reused = try model.meanNLL(prefix: prefix, continuations: continuations)
            let full = try model.meanNLLWithoutPrefixReuse(prefix: prefix, continuations: continuations)
            let diff = zip(reused, full).map { abs($0 - $1) }.max() ?? .infinity
            print("prefix reuse vs full sequence: max |ΔNLL| \(diff)")
            #expect(reused.count == 3)
            #expect(diff < 1e-5)
        }

        @Test func meanIsOverTargetTokensOnly() throws {
            // Scoring each target token alone after everything before it, then averaging, gives the same mean.
            let c = continuations[0]
            var perToken: [Double] = []
            for j in c.lossStart..<c.tokens.count {
                let context = prefix + c.tokens[..<j]
                perToken += try model.meanNLL(prefix: context,
                                              continuations: [ScoringContinuation(tokens: [c.tokens[j]], lossStart: 0)])
            }
            let mean = perToken.reduce(0, +) / Double(perToken.count)
            let scored = try model.meanNLL(prefix: prefix, continuations: [c])[0]
            #expect(abs(mean - scored) < 1e-5)
        }

        @Test func groupsScoreLikeSeparateCalls() throws {
            let other = Fixtures.tokens(5, vocab: 64, seed: 25)
            let groups = [ScoringGroup(prefix: prefix, continuations: continuations),
                          ScoringGroup(prefix: other, continuations: Array(continuations.prefix(2))),
                          ScoringGroup(prefix: [], continuations: [ScoringContinuation(tokens: [1, 2, 3], lossStart: 1)])]
            let together = try model.meanNLL(groups: groups)
            for (group, result) in zip(groups, together) {
                let alone = try model.meanNLLWithoutPrefixReuse(prefix: group.prefix, continuations: group.continuations)
                #expect(zip(alone, result).allSatisfy { abs($0 - $1) < 1e-5 })
            }
        }

        @Test func tooLongInputThrowsContextOverflow() throws {
            let long = ScoringContinuation(promptSuffix: Fixtures.tokens(50, vocab: 64, seed: 26), target: [1])
            let error = try #require(throws: ModelError.self) {
                try model.meanNLL(prefix: prefix, continuations: [long])
            }
            #expect(error.code == .contextOverflow)
            #expect(error.description.contains("HINT"))
        }

        @Test(arguments: [
            ScoringContinuation(tokens: [1, 2], lossStart: 2),     // empty target
            ScoringContinuation(tokens: [1, 99], lossStart: 1),    // token outside the vocabulary
        ])
        func malformedRequestsThrow(_ continuation: ScoringContinuation) throws {
            #expect(throws: ModelError.self) { try model.meanNLL(prefix: [1], continuations: [continuation]) }
        }

        @Test func firstTokenWithoutContextIsRejected() throws {
            let error = try #require(throws: ModelError.self) {
                try model.meanNLL(prefix: [], continuations: [ScoringContinuation(tokens: [1, 2], lossStart: 0)])
            }
            #expect(error.code == .invalidRequest)
        }
    }
}
