import Foundation
import GGUF
import TestSupport
import Testing
@testable import Model

/// What the tokenizer refuses, and that the message says what, where and what to do.
@Suite struct TokenizerErrorTests {
    /// A copy of the reference Qwen2 file with `change` applied to its JSON, in a temporary file.
    private func edited(_ change: (inout [String: Any]) -> Void) throws -> URL {
        let data = try Data(contentsOf: try LlamaFamilyFixtures.file("qwen2"))
        var root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        change(&root)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("edited-\(UUID()).json")
        try JSONSerialization.data(withJSONObject: root).write(to: url)
        return url
    }

    @Test func unknownSplitPatternIsNamed() throws {
        let pattern = #"\p{N}{1,2}|\s+"#
        let url = try edited { root in
            root["pre_tokenizer"] = ["type": "Sequence", "pretokenizers": [
                ["type": "Split", "pattern": ["Regex": pattern], "behavior": "Isolated", "invert": false],
                ["type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false]]]
        }
        defer { try? FileManager.default.removeItem(at: url) }
        let error = #expect(throws: TokenizerError.self) { _ = try BPETokenizer(huggingFaceFile: url) }
        #expect(error?.code == .unsupportedFormat)
        let text = error?.description ?? ""
        #expect(text.contains(url.path) && text.contains(pattern.debugDescription) && text.contains("HINT"), "\(text)")
    }

    @Test func normalizerOtherThanNFCIsRefused() throws {
        let url = try edited { $0["normalizer"] = ["type": "NFKC"] }
        defer { try? FileManager.default.removeItem(at: url) }
        let error = #expect(throws: TokenizerError.self) { _ = try BPETokenizer(huggingFaceFile: url) }
        #expect(error?.code == .unsupportedFormat)
        let text = error?.description ?? ""
        #expect(text.contains(url.path) && text.contains("NFKC") && text.contains("HINT"), "\(text)")
    }

    @Test func strippingAddedTokensAreRefused() throws {
        let url = try edited { root in
            var added = root["added_tokens"] as? [[String: Any]] ?? []
            added[0]["lstrip"] = true
            root["added_tokens"] = added
        }
        defer { try? FileManager.default.removeItem(at: url) }
        let error = #expect(throws: TokenizerError.self) { _ = try BPETokenizer(huggingFaceFile: url) }
        #expect(error?.description.contains("lstrip") == true)
    }

    @Test func unknownGGUFPreTokenizerIsNamed() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pre-\(UUID()).gguf")
        defer { try? FileManager.default.removeItem(at: url) }
        let run = try ReferencePython.run([LlamaFamilyFixtures.script.path, "gguf", url.path, "deepseek-llm"],
                                          importing: ["gguf"])
        try #require(run.status == 0, "\(run.stderr)")
        let file = try GGUFFile(path: url.path)
        let error = #expect(throws: TokenizerError.self) { _ = try BPETokenizer(gguf: file) }
        #expect(error?.code == .unsupportedFormat)
        let text = error?.description ?? ""
        #expect(text.contains("deepseek-llm") && text.contains(url.path) && text.contains("llama-bpe"), "\(text)")

        // The same file with a known value loads, and its control token is an added special token.
        let known = FileManager.default.temporaryDirectory.appendingPathComponent("pre-\(UUID()).gguf")
        defer { try? FileManager.default.removeItem(at: known) }
        let knownRun = try ReferencePython.run([LlamaFamilyFixtures.script.path, "gguf", known.path, "qwen2"])
        try #require(knownRun.status == 0, "\(knownRun.stderr)")
        let tokenizer = try BPETokenizer(gguf: try GGUFFile(path: known.path))
        #expect(tokenizer.preTokenization == .qwen2 && tokenizer.eosID == 256)
        #expect(tokenizer.addedTokens == [BPETokenizer.AddedToken(id: 256, text: "<|endoftext|>", special: true)])
        #expect(tokenizer.encode("a<|endoftext|>", specialTokens: .match).last == 256)
    }
}
