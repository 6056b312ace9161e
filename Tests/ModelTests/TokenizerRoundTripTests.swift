import Foundation
import Testing
@testable import Model

/// `decode(encode(x)) == x` for every text of the shared data, and decoding never fails.
@Suite struct TokenizerRoundTripTests {
    @Test func everySharedTextRoundTrips() throws {
        let tokenizer = try BPETokenizer.embeddedDefault()
        let texts = try TokenizerFixtures.everySharedText()
        #expect(texts.count > 50_000)
        var failures = 0
        var tokenCount = 0
        for text in texts {
            let ids = tokenizer.encode(text)
            tokenCount += ids.count
            if tokenizer.decode(ids) != text {
                failures += 1
                Issue.record("round trip changed \(text.prefix(80).debugDescription)")
            }
        }
        #expect(failures == 0)
        #expect(tokenCount < texts.reduce(0) { $0 + $1.utf8.count } / 2)  // it compresses
    }

    @Test func arbitraryIdsDecodeWithoutFailing() throws {
        let tokenizer = try BPETokenizer.embeddedDefault()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let ids = (0..<Int.random(in: 0...20, using: &generator)).map { _ in
                Int32.random(in: -3...Int32(tokenizer.vocabularySize + 3), using: &generator)
            }
            let text = tokenizer.decode(ids)
            #expect(ids.isEmpty || !text.isEmpty)
        }
        #expect(tokenizer.decode([-1, Int32(tokenizer.vocabularySize)]) == "\u{FFFD}\u{FFFD}")
    }
}
