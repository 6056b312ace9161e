import Checkpoint
import Foundation
import GGUF
import Model
import TestSupport
import Testing
@testable import ModelStore

/// A model whose tokenizer puts a BOS token before every prompt (Llama 2 and 3 do; GPT-2 and SmolLM2 do not):
/// `encodePrompt` adds it, the prompt budget leaves room for it, and it survives a checkpoint, an HF export that
/// transformers reads the same way, and a GGUF file, where llama.cpp's rule decides (`tokenizer.ggml.add_bos_token`,
/// else on for Llama 3's pre-tokenizer only).
@Suite struct BeginningOfSequenceTests {
    static let texts = ["Definition: Name the capital.\n\nNow complete the following example -\nInput: Italy.\nOutput:",
                        "Input: 12 + 30 ½ café\nOutput:"]

    /// The tiny model with the embedded tokenizer, told to start every prompt with `<|endoftext|>`.
    static func modelWithBOS() throws -> LanguageModel {
        let plain = try Fixtures.tinyModel()
        var payload = plain.tokenizer.payload()
        payload.bosID = plain.tokenizer.eosID
        return try LanguageModel(transformer: plain.transformer,
                                 tokenizer: BPETokenizer(payload: payload, source: "test"))
    }

    @Test func promptsStartWithTheBOSAndTheBudgetLeavesRoomForIt() throws {
        let model = try Self.modelWithBOS()
        let tokenizer = model.tokenizer
        let bos = try #require(tokenizer.bosID)
        for text in Self.texts {
            #expect(tokenizer.encodePrompt(text) == [bos] + tokenizer.encode(text))
        }
        let plain = try Fixtures.tinyModel().tokenizer
        #expect(plain.bosID == nil && plain.encodePrompt(Self.texts[0]) == plain.encode(Self.texts[0]))
        let withBOS = PromptEncoder(tokenizer: tokenizer, contextLength: 64, maxTargetTokens: 8)
        let without = PromptEncoder(tokenizer: plain, contextLength: 64, maxTargetTokens: 8)
        #expect(withBOS.promptBudget == without.promptBudget - 1)
    }

    @Test func theBOSSurvivesACheckpoint() throws {
        let model = try Self.modelWithBOS()
        let checkpoint = try model.checkpoint(provenance: Provenance(round: 0, strategy: "test", programVersion: "test"))
        let back = try LanguageModel(checkpoint: checkpoint, source: "test")
        #expect(back.tokenizer.bosID == model.tokenizer.bosID)
        // A model without one writes no key, so its checkpoints read as before.
        #expect(try Fixtures.tinyModel().tokenizer.payload().bosID == nil)
    }

    @Test func anHFExportGivesTransformersTheSamePromptIDs() throws {
        let model = try Self.modelWithBOS()
        let directory = Fixtures.temporaryPath("bos-hf")
        defer { try? FileManager.default.removeItem(at: directory) }
        try model.write(huggingFaceDirectory: directory)
        let prompts = directory.appendingPathComponent("prompts.json")
        try JSONSerialization.data(withJSONObject: Self.texts).write(to: prompts)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference/prompt_ids.py")
        let run = try ReferencePython.run([script.path, directory.path, prompts.path], importing: ["transformers"])
        try #require(run.status == 0, "prompt_ids.py failed: \(run.stderr.suffix(2000))")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: [[Int]]])
        let expected = Self.texts.map { model.tokenizer.encodePrompt($0).map(Int.init) }
        #expect(object["ids"] == expected)
        #expect(object["ids"]?.allSatisfy { $0.first == Int(model.tokenizer.eosID) } == true)
        // And activetune reads its own export back with the BOS.
        #expect(try LanguageModel(huggingFaceDirectory: directory).tokenizer.bosID == model.tokenizer.bosID)
    }

    /// A GGUF file holding only a tokenizer: the embedded vocabulary under `pre`, with `addBOS` when given.
    static func tokenizerFile(pre: String, addBOS: Bool?) throws -> BPETokenizer {
        var payload = try BPETokenizer.embeddedDefault().payload()
        payload.bosID = nil
        let tokenizer = try BPETokenizer(payload: payload, source: "test")
        var writer = GGUFWriter()
        for (key, value) in tokenizer.ggufMetadata(bosID: 5) where key != "tokenizer.ggml.add_bos_token" {
            try writer.set(key, key == "tokenizer.ggml.pre" ? .string(pre) : value)
        }
        if let addBOS { try writer.set("tokenizer.ggml.add_bos_token", .bool(addBOS)) }
        let path = Fixtures.temporaryPath("bos").path + ".gguf"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try writer.write(to: path)
        return try BPETokenizer(gguf: GGUFFile(path: path))
    }

    @Test func aGGUFFileAddsTheBOSAsLlamaCppDecides() throws {
        #expect(try Self.tokenizerFile(pre: "smollm", addBOS: nil).bosID == nil)
        #expect(try Self.tokenizerFile(pre: "smollm", addBOS: true).bosID == 5)
        #expect(try Self.tokenizerFile(pre: "llama-bpe", addBOS: nil).bosID == 5)
        #expect(try Self.tokenizerFile(pre: "llama-bpe", addBOS: false).bosID == nil)
        // The writer says it either way, so llama.cpp's default for the pre-tokenizer never decides for it.
        let tokenizer = try Self.modelWithBOS().tokenizer
        let written = tokenizer.ggufMetadata(bosID: 5)
        #expect(written.contains { $0.key == "tokenizer.ggml.add_bos_token" && $0.value == .bool(true) })
        #expect(written.contains { $0.key == "tokenizer.ggml.bos_token_id" && $0.value == .uint32(UInt32(tokenizer.eosID)) })
    }

    @Test func smolLM2sGGUFAddsNoBOS() throws {
        let gguf = ReferencePython.packageRoot.appendingPathComponent(".cache/models/SmolLM2-135M-Instruct.Q4_1.gguf")
        try #require(FileManager.default.fileExists(atPath: gguf.path), "missing \(gguf.path). HINT: run ./scripts/setup.sh --test")
        // Its file says add_bos_token = false: every SmolLM2 number measured so far stays as it was.
        #expect(try BPETokenizer(gguf: GGUFFile(path: gguf.path)).bosID == nil)
    }
}
