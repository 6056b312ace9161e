import Foundation
import Testing
@testable import Model

/// The embedded tokenizer against HF `tokenizers` (golden ids from Reference/make_golden.py).
@Suite struct TokenizerReferenceTests {
    @Test func encodingsMatchHuggingFace() throws {
        let tokenizer = try BPETokenizer.embeddedDefault()
        let golden = try TokenizerFixtures.golden()
        #expect(golden.encodings.count > 200)
        for item in golden.encodings {
            #expect(tokenizer.encode(item.text) == item.ids, "text: \(item.text.debugDescription)")
        }
    }

    @Test func decodingsMatchGPT2ReplaceErrors() throws {
        let tokenizer = try BPETokenizer.embeddedDefault()
        let golden = try TokenizerFixtures.golden()
        #expect(golden.decodings.count > 200)
        for item in golden.decodings {
            #expect(tokenizer.decode(item.ids) == item.text, "ids: \(item.ids)")
        }
    }

    @Test func endOfTextInUserTextIsPlainText() throws {
        let tokenizer = try BPETokenizer.embeddedDefault()
        #expect(tokenizer.eosID == 256)
        #expect(tokenizer.tokenText(tokenizer.eosID) == BPETokenizer.endOfText)
        let ids = tokenizer.encode("a \(BPETokenizer.endOfText) b")
        #expect(!ids.contains(tokenizer.eosID))
        #expect(tokenizer.decode(ids + [tokenizer.eosID]) == "a <|endoftext|> b<|endoftext|>")
    }

    @Test func pieceBoundariesFollowGPT2Pattern() {
        // Expected splits from Python's `regex` with GPT-2's pattern.
        let cases: [(String, [String])] = [
            ("it's I'M", ["it", "'s", " I", "'", "M"]),
            ("a   b", ["a", "  ", " b"]),
            ("a\t\tb", ["a", "\t", "\t", "b"]),
            ("x  \n", ["x", "  \n"]),
            ("a\u{1C}\u{1C}b \u{85}x", ["a", "\u{1C}\u{1C}", "b", " ", "\u{85}", "x"]),
            ("e\u{301}t 12ab ?!x", ["e", "\u{301}", "t", " 12", "ab", " ?!", "x"]),
        ]
        for (text, expected) in cases {
            let utf8 = Array(text.utf8)
            let pieces = PreTokenizer.pieces(of: utf8).map { String(decoding: utf8[$0], as: UTF8.self) }
            #expect(pieces == expected, "text: \(text.debugDescription)")
        }
    }
}
