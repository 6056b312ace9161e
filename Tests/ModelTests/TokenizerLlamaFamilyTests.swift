import Foundation
import GGUF
import TestSupport
import Testing
@testable import Model

/// The Llama-family pre-tokenizers, added tokens, tokenizer.json loading and writing, checked against HF
/// `tokenizers` on the golden texts and real task text.
@Suite struct TokenizerLlamaFamilyTests {
    @Test(arguments: LlamaFamilyFixtures.files.map(\.name))
    func idsMatchHuggingFace(name: String) throws {
        let url = try LlamaFamilyFixtures.file(name)
        let tokenizer = try BPETokenizer(huggingFaceFile: url)
        let expectedKind = try #require(LlamaFamilyFixtures.files.first { $0.name == name }).preTokenization
        #expect(tokenizer.preTokenization == expectedKind)
        #expect(tokenizer.ignoresMerges == (name == "llama3"))
        #expect(tokenizer.normalization == (name == "qwen2" ? .nfc : .none))
        let texts = try LlamaFamilyFixtures.texts()
        #expect(TokenizerGoldenTexts.all.count >= 200)
        let reference = try LlamaFamilyFixtures.reference(url, texts)
        #expect(reference.vocab == tokenizer.vocabularySize)
        let matched = LlamaFamilyFixtures.mismatches(tokenizer, texts, reference.match, .match)
        let plain = LlamaFamilyFixtures.mismatches(tokenizer, texts, reference.plain, .asText)
        print("\(name): \(texts.count) texts, \(reference.match.reduce(0) { $0 + $1.count }) tokens; "
            + "mismatches: \(matched.count) with added tokens matched, \(plain.count) as plain text")
        #expect(matched.isEmpty, "\(matched.prefix(5))")
        #expect(plain.isEmpty, "\(plain.prefix(5))")
        // The default is plain text, so user text never produces a control token.
        #expect(tokenizer.encode("<|im_start|>") == tokenizer.encode("<|im_start|>", specialTokens: .asText))
        // Added tokens in text really are split out (not merged into neighbours) when matched.
        if let imStart = tokenizer.addedTokens.first(where: { $0.text == "<|im_start|>" }) {
            #expect(tokenizer.encode("x<|im_start|>y", specialTokens: .match).contains(imStart.id))
            #expect(!tokenizer.encode("x<|im_start|>y").contains(imStart.id))
        }
        for text in texts where Self.hasEveryByte(tokenizer, text) {
            #expect(tokenizer.decode(tokenizer.encode(text)) == text, "round trip of \(text.prefix(60).debugDescription)")
            #expect(tokenizer.decode(tokenizer.encode(text, specialTokens: .match)) == text
                        || tokenizer.normalization == .nfc)
        }
    }

    /// Whether the tokenizer has a token for every byte of `text` (SmolLM2's vocabulary lacks 21 bytes).
    static func hasEveryByte(_ tokenizer: BPETokenizer, _ text: String) -> Bool {
        text.utf8.allSatisfy { byte in
            byte >= 0x80 || !tokenizer.encode(String(UnicodeScalar(byte))).isEmpty
        }
    }

    /// SmolLM2's GGUF says `smollm`: digits are split one by one before GPT-2's regex, as in the model's hub
    /// `tokenizer.json`. transformers' GGUF conversion uses GPT-2's regex alone; this shows where the two differ.
    @Test func smolLM2GGUFFollowsTheDigitsSplitOfItsTokenizerJSON() throws {
        let tokenizer = try BPETokenizer(gguf: try GGUFFile(path: LlamaFamilyFixtures.gguf.path))
        #expect(tokenizer.preTokenization == .smollm)
        #expect(tokenizer.addedTokens.count == 17 && tokenizer.addedTokens.allSatisfy(\.special))
        let texts = try LlamaFamilyFixtures.texts()
        let digits = try LlamaFamilyFixtures.reference(try LlamaFamilyFixtures.file("smollm2-digits"), texts)
        let converted = try LlamaFamilyFixtures.reference(try LlamaFamilyFixtures.file("smollm2-gguf"), texts)
        let ours = LlamaFamilyFixtures.mismatches(tokenizer, texts, digits.match, .match)
        #expect(ours.isEmpty, "\(ours.prefix(5))")
        let disagreeing = zip(texts, zip(digits.match, converted.match)).filter { $1.0 != $1.1 }.map(\.0)
        print("SmolLM2 digits split vs transformers' GGUF conversion: \(disagreeing.count) of \(texts.count) texts "
            + "differ, e.g. \(disagreeing.prefix(8).map(\.debugDescription))")
        // Spaces before a digit: GPT-2's regex keeps one space for " 1"; the digits split leaves them all together.
        #expect(disagreeing.contains("a  1"))
        // No token of the vocabulary has two numbers or a space then a number, so digit runs agree.
        let multiDigit = (0..<Int32(tokenizer.vocabularySize)).filter { id in
            let text = tokenizer.decode([id])
            let numbers = text.unicodeScalars.filter { $0.properties.numericType != nil
                && [.decimalNumber, .letterNumber, .otherNumber].contains($0.properties.generalCategory) }
            return numbers.count >= 2 || (numbers.count == 1 && text.unicodeScalars.count > 1
                && text.unicodeScalars.contains { $0.properties.isWhitespace })
        }
        #expect(multiDigit.isEmpty, "tokens with several numbers: \(multiDigit.prefix(10).map { tokenizer.decode([$0]) })")
    }

    @Test(arguments: ["smollm2-digits", "llama3", "qwen2"])
    func payloadRoundTripsThroughJSON(name: String) throws {
        let tokenizer = try BPETokenizer(huggingFaceFile: try LlamaFamilyFixtures.file(name), endOfSequence: 2)
        let data = try JSONEncoder().encode(tokenizer.payload())
        let restored = try BPETokenizer(payload: try JSONDecoder().decode(TokenizerPayload.self, from: data), source: name)
        #expect(restored.eosID == 2)
        #expect(restored.preTokenization == tokenizer.preTokenization)
        #expect(restored.normalization == tokenizer.normalization)
        #expect(restored.addedTokens == tokenizer.addedTokens)
        #expect(restored.ignoresMerges == tokenizer.ignoresMerges)
        #expect(restored.merges == tokenizer.merges)
        for text in try LlamaFamilyFixtures.texts() {
            #expect(restored.encode(text, specialTokens: .match) == tokenizer.encode(text, specialTokens: .match))
        }
    }

    @Test func oldPayloadsDecodeAsGPT2() throws {
        let embedded = try BPETokenizer.embeddedDefault()
        let vocab = try JSONDecoder().decode([String: Int].self, from: embedded.vocabularyJSON())
        let old = try JSONSerialization.data(withJSONObject: ["vocab": vocab, "merges": embedded.mergesText()])
        let payload = try JSONDecoder().decode(TokenizerPayload.self, from: old)
        #expect(payload.preTokenization == nil && payload.addedTokens == nil && payload.eosID == nil)
        let restored = try BPETokenizer(payload: payload, source: "old checkpoint")
        #expect(restored.preTokenization == .gpt2 && restored.addedTokens.isEmpty)
        #expect(restored.eosID == embedded.eosID && restored.tokenText(restored.eosID) == BPETokenizer.endOfText)
        #expect(restored.encode("It's 12345 🎉") == embedded.encode("It's 12345 🎉"))
    }

    /// What we write is loaded by HF `tokenizers` into a tokenizer with our ids, for every kind (including the GGUF's,
    /// which drops the bytes its vocabulary lacks).
    @Test(arguments: ["gguf", "gpt2", "llama3", "qwen2"])
    func writtenTokenizerJSONGivesTheSameIdsInHuggingFace(name: String) throws {
        let tokenizer = name == "gguf" ? try BPETokenizer(gguf: try GGUFFile(path: LlamaFamilyFixtures.gguf.path))
            : try BPETokenizer(huggingFaceFile: try LlamaFamilyFixtures.file(name))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("written-\(name)-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try tokenizer.write(huggingFaceTokenizerFile: url)
        let texts = try LlamaFamilyFixtures.texts()
        let reference = try LlamaFamilyFixtures.reference(url, texts)
        let matched = LlamaFamilyFixtures.mismatches(tokenizer, texts, reference.match, .match)
        let plain = LlamaFamilyFixtures.mismatches(tokenizer, texts, reference.plain, .asText)
        #expect(matched.isEmpty, "\(matched.prefix(5))")
        #expect(plain.isEmpty, "\(plain.prefix(5))")
        let reloaded = try BPETokenizer(huggingFaceFile: url, endOfSequence: tokenizer.eosID)
        #expect(reloaded.preTokenization == tokenizer.preTokenization && reloaded.addedTokens == tokenizer.addedTokens)
        #expect(reloaded.merges == tokenizer.merges && reloaded.ignoresMerges == tokenizer.ignoresMerges)
    }

    @Test func llamaPiecesFollowTheSplitPattern() {
        // Expected splits from HF `tokenizers`' Split with the Llama 3 and Qwen2 patterns.
        let cases: [(String, [String], [String])] = [
            ("I'M 12345 ab", ["I", "'M", " ", "123", "45", " ab"], ["I", "'M", " ", "1", "2", "3", "4", "5", " ab"]),
            ("a\r\n\r\n  x", ["a", "\r\n\r\n", " ", " x"], ["a", "\r\n\r\n", " ", " x"]),
            ("x  \n", ["x", "  \n"], ["x", "  \n"]),
            ("e\u{301}t ?!\n\ny", ["e", "\u{301}t", " ?!\n\n", "y"], ["e", "\u{301}t", " ?!\n\n", "y"]),
            ("\tfoo  bar", ["\tfoo", " ", " bar"], ["\tfoo", " ", " bar"]),
        ]
        for (text, llama3, qwen2) in cases {
            let utf8 = Array(text.utf8)
            #expect(PreTokenizer.pieces(of: utf8, .llama3).map { String(decoding: utf8[$0], as: UTF8.self) } == llama3)
            #expect(PreTokenizer.pieces(of: utf8, .qwen2).map { String(decoding: utf8[$0], as: UTF8.self) } == qwen2)
        }
    }

    @Test func hugeTextsEncodeQuicklyWithEveryPreTokenization() throws {
        let clock = ContinuousClock()
        for name in ["llama3", "qwen2", "smollm2-digits"] {
            let tokenizer = try BPETokenizer(huggingFaceFile: try LlamaFamilyFixtures.file(name))
            let start = clock.now
            for text in [String(repeating: "-", count: 200_000), String(repeating: "1234567890", count: 20_000),
                         String(repeating: "abcé", count: 50_000), String(repeating: " ", count: 200_000) + "x",
                         String(repeating: "\r\n", count: 100_000)] {
                let ids = tokenizer.encode(text)
                #expect(ids.count <= text.utf8.count)
                #expect(tokenizer.decode(ids) == text)
            }
            // A guard against super-linear pre-tokenization (a backtracking regex would take hours on these), not a
            // speed target: a few seconds on a quiet machine, far more while CI shares the cores with other work.
            #expect(clock.now - start < .seconds(120), "\(name) took \(clock.now - start)")
        }
    }
}
