import Foundation
import Testing
@testable import Model

/// `decode(encode(x)) == x` for every text of the shared data, and decoding never fails.
@Suite struct TokenizerRoundTripTests {
    @Test func everySharedTextRoundTrips() throws {
        let tokenizer = try BPETokenizer.embeddedDefault()
        let texts = try TokenizerFixtures.everySharedText()
        #expect(texts.count > 50_000)
        let clock = ContinuousClock()
        let start = clock.now
        let encoded = texts.map { tokenizer.encode($0) }
        let elapsed = clock.now - start
        // A generous bound that still catches a quadratic slip (release: about a second on 2 busy cores).
        #expect(elapsed < .seconds(60), "encoding all shared text took \(elapsed)")
        print("TIMING encode all shared texts: \(elapsed)")
        var failures = 0
        var tokenCount = 0
        for (text, ids) in zip(texts, encoded) {
            tokenCount += ids.count
            if tokenizer.decode(ids) != text {
                failures += 1
                Issue.record("round trip changed \(text.prefix(80).debugDescription)")
            }
        }
        #expect(failures == 0)
        #expect(tokenCount < texts.reduce(0) { $0 + $1.utf8.count } / 2)  // it compresses
    }

    @Test func hugePreTokensEncodeQuickly() throws {
        let tokenizer = try BPETokenizer.embeddedDefault()
        let clock = ContinuousClock()
        let start = clock.now
        for text in [String(repeating: "-", count: 200_000), String(repeating: "1234567890", count: 20_000),
                     String(repeating: "abcé", count: 50_000), String(repeating: " ", count: 200_000) + "x"] {
            let ids = tokenizer.encode(text)
            #expect(ids.count < text.utf8.count)
            #expect(tokenizer.decode(ids) == text)
        }
        // Quadratic merging would take minutes here; the heap-based merge takes well under a second.
        #expect(clock.now - start < .seconds(20))
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
