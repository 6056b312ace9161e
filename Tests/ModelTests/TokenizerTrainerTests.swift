import Foundation
import Testing
@testable import Model

/// Byte-level BPE training: the merge order, the tie-break, the stopping rule and determinism.
@Suite struct TokenizerTrainerTests {
    private func train(_ texts: [String], vocabularySize: Int) throws -> BPETokenizer {
        var trainer = BPETrainer()
        for text in texts { trainer.add(text) }
        return try trainer.train(vocabularySize: vocabularySize)
    }

    private func mergeTexts(_ tokenizer: BPETokenizer) -> [String] {
        tokenizer.merges.map { "\(tokenizer.tokens[Int($0.left)]) \(tokenizer.tokens[Int($0.right)])" }
    }

    @Test func mostFrequentPairIsMergedFirst() throws {
        // Pre-tokens "ab", " ab", " ab", " abc": a·b occurs 4 times, Ġ·a 3, b·c once.
        let tokenizer = try train(["ab ab ab abc"], vocabularySize: 260)
        #expect(mergeTexts(tokenizer) == ["a b", "Ġ ab", "Ġab c"])
        #expect(tokenizer.tokenText(256) == BPETokenizer.endOfText)
        #expect(tokenizer.encode(" abc") == [259])
        #expect(tokenizer.encode(" ab ab") == [258, 258])
    }

    @Test func tiesGoToTheSmallestIdPair() throws {
        // All pairs occur once. Byte ids follow GPT-2's byte order: a=64, b=65, x=87, y=88, Ġ (space)=220.
        let tokenizer = try train(["xy ba"], vocabularySize: 300)
        #expect(mergeTexts(tokenizer) == ["b a", "x y", "Ġ ba"])
        #expect(tokenizer.vocabularySize == 260)  // stops when no pair is left
    }

    @Test func sameTextsInAnyOrderGiveIdenticalFiles() throws {
        let texts = Array(try TokenizerFixtures.everySharedText().prefix(3_000))
        let first = try train(texts, vocabularySize: 1_000)
        let again = try train(texts, vocabularySize: 1_000)
        let reversed = try train(texts.reversed(), vocabularySize: 1_000)
        #expect(first.vocabularySize == 1_000)
        for other in [again, reversed] {
            #expect(other.vocabularyJSON() == first.vocabularyJSON())
            #expect(other.mergesText() == first.mergesText())
        }
        for text in texts.prefix(300) { #expect(first.decode(first.encode(text)) == text) }
    }

    @Test func tooSmallVocabularyIsRejected() throws {
        let error = #expect(throws: TokenizerError.self) { _ = try train(["abc"], vocabularySize: 256) }
        #expect(error?.code == .invalidArgument)
    }
}
