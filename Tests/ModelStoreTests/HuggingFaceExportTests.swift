import Foundation
import TestSupport
import Model
import Testing
@testable import ModelStore

/// The HF directory layout: our export re-imports exactly, and an independent numpy GPT-2 reading the
/// exported config.json + model.safetensors computes the same losses as the engine.
@Suite struct HuggingFaceExportTests {
    @Test func exportThenImportIsExact() throws {
        let model = try Fixtures.tinyModel()
        let dir = Fixtures.temporaryPath("hf-export")
        defer { try? FileManager.default.removeItem(at: dir) }
        try model.write(huggingFaceDirectory: dir)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names == ["config.json", "generation_config.json", "merges.txt", "model.safetensors", "tokenizer.json",
                          "tokenizer_config.json", "vocab.json"])
        let back = try LanguageModel(huggingFaceDirectory: dir)
        #expect(back.transformer.config == model.transformer.config)
        #expect(back.transformer.flatParameters == model.transformer.flatParameters)
        #expect(back.tokenizer.encode("Definition: Classify the review.") == model.tokenizer.encode("Definition: Classify the review."))
    }

    @Test func importOfAnIncompleteDirectorySaysWhatIsNeeded() throws {
        let dir = Fixtures.temporaryPath("hf-empty")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let error = try #require(throws: ModelStoreError.self) { try LanguageModel(huggingFaceDirectory: dir) }
        #expect(error.hint.contains("the directory needs config.json, model.safetensors (or shards"))
        #expect(error.hint.contains("tokenizer.json (or vocab.json and merges.txt)"))
    }

    struct Reference: Decodable { var nll: [[Double]] }

    @Test func numpyReadsTheExportAndAgrees() throws {
        let model = try Fixtures.tinyModel()
        let dir = Fixtures.temporaryPath("hf-numpy")
        defer { try? FileManager.default.removeItem(at: dir) }
        try model.write(huggingFaceDirectory: dir)
        let ids = model.tokenizer.encode("Input: The film was wonderful.\nOutput: positive") + [model.tokenizer.eosID]
        let input = dir.appendingPathComponent("input.json")
        try JSONSerialization.data(withJSONObject: ["sequences": [ids.map(Int.init)]]).write(to: input)
        let run = try ReferencePython.run([Fixtures.numpyGPT2().path, dir.path, input.path], importing: ["numpy"])
        try #require(run.status == 0, "numpy GPT-2 failed: \(run.stderr)")
        let reference = try JSONDecoder().decode(Reference.self, from: Data(run.stdout.utf8))
        let nll = try #require(reference.nll.first)
        let lossStart = 5
        let expected = nll[(lossStart - 1)...].reduce(0, +) / Double(nll.count - lossStart + 1)
        let ours = try model.transformer.meanNLL(prefix: [], continuations: [ScoringContinuation(tokens: ids, lossStart: lossStart)])[0]
        #expect(abs(ours - expected) < 1e-4, "engine \(ours) vs numpy \(expected)")

        let vocab = try ReferencePython.run(["-c", """
            import json, sys
            v = json.load(open(sys.argv[1] + "/vocab.json"))
            m = [l for l in open(sys.argv[1] + "/merges.txt", encoding="utf-8").read().split("\\n")[1:] if l]
            print(len(v), v["<|endoftext|>"], len(m))
            """, dir.path])
        try #require(vocab.status == 0, "python failed: \(vocab.stderr)")
        #expect(vocab.stdout == "8192 256 7935\n")
    }
}
