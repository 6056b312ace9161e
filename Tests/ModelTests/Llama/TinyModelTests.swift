import Foundation
import GGUF
import TestSupport
import Testing
@testable import Model

/// What Reference/tiny_reference.py writes to tiny.json.
struct TinyReference: Decodable, Sendable {
    struct Model: Decodable, Sendable {
        let file: String
        let ids: [Int32]
        let logits: String
    }
    struct Reject: Decodable, Sendable {
        let file: String
        let why: String
    }
    let models: [Model]
    let rejects: [Reject]

    /// The directory the script wrote, kept for the test process (a few hundred KB).
    let directory: URL

    enum CodingKeys: String, CodingKey { case models, rejects }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        models = try c.decode([Model].self, forKey: .models)
        rejects = try c.decode([Reject].self, forKey: .rejects)
        directory = URL(fileURLWithPath: "/")
    }

    init(models: [Model], rejects: [Reject], directory: URL) {
        self.models = models
        self.rejects = rejects
        self.directory = directory
    }

    static let shared: Result<TinyReference, any Error> = Result {
        let out = try TestEnvironment.scratchDirectory("llama-tiny")
        ScratchSpace.removeAtExit(out)
        try TestEnvironment.runReference("tiny_reference.py", [out.path])
        let decoded = try JSONDecoder().decode(TinyReference.self, from: Data(contentsOf: out.appendingPathComponent("tiny.json")))
        return TinyReference(models: decoded.models, rejects: decoded.rejects, directory: out)
    }
}

/// Llama-family features SmolLM2 lacks, on tiny random fp32 models written like llama.cpp's converter and run
/// by transformers' LlamaForCausalLM / Qwen2ForCausalLM: untied head, q/k/v biases, llama3 and linear RoPE
/// scaling, head_dim·heads ≠ width. Weights are exact in fp32 and the models are 2 layers deep, so the
/// logits agree to ~1e-6; 1e-4 absolute still catches any semantic difference (those move logits by ≳0.01).
@Suite(.serialized)
struct TinyModelTests {
    @Test(arguments: ["llama3_untied.gguf", "qwen2_bias.gguf"])
    func logitsMatchTransformers(file name: String) throws {
        let ref = try TinyReference.shared.get()
        let entry = try #require(ref.models.first { $0.file == name })
        let model = try Transformer(gguf: GGUFFile(path: ref.directory.appendingPathComponent(name).path))
        let expected = try TestEnvironment.readFloats(ref.directory.appendingPathComponent(entry.logits))
        let mine = try model.logits(tokens: entry.ids)
        try #require(mine.count == expected.count)
        let maxDiff = zip(mine, expected).map { abs($0 - $1) }.max()!
        let scale = expected.map(abs).max()!
        print("\(name): \(model.config.ropeScaling), tied \(model.config.tiedEmbeddings), bias \(model.config.attentionBias): "
            + "max|Δlogit| = \(maxDiff) (logits up to \(scale))")
        #expect(maxDiff <= 1e-4)
    }

    @Test func configReadsTheOptionalFeatures() throws {
        let ref = try TinyReference.shared.get()
        let llama = try ModelConfig(gguf: GGUFFile(path: ref.directory.appendingPathComponent("llama3_untied.gguf").path))
        #expect(!llama.tiedEmbeddings && !llama.attentionBias && llama.modelType == "llama")
        #expect((llama.width, llama.heads, llama.kvHeads, llama.headDim, llama.qWidth) == (48, 4, 2, 16, 64))
        guard case .frequencyDivisors(let divisors) = llama.ropeScaling else {
            Issue.record("expected rope_freqs divisors, got \(llama.ropeScaling)")
            return
        }
        #expect(divisors.count == 8 && divisors.first == 1 && divisors.last == 8)
        let qwen = try ModelConfig(gguf: GGUFFile(path: ref.directory.appendingPathComponent("qwen2_bias.gguf").path))
        #expect(qwen.tiedEmbeddings && qwen.attentionBias && qwen.modelType == "qwen2")
        #expect(qwen.ropeScaling == .linear(factor: 2))
        #expect(qwen.kvHeads == 1)
    }

    @Test func rejectsUnsupportedOrInconsistentFiles() throws {
        let ref = try TinyReference.shared.get()
        try #require(ref.rejects.count == 6)
        for reject in ref.rejects {
            let path = ref.directory.appendingPathComponent(reject.file).path
            do {
                _ = try Transformer(gguf: GGUFFile(path: path))
                Issue.record("\(reject.file) loaded, but it must fail with \(reject.why)")
            } catch let error as ModelError {
                #expect(error.code.description == reject.why, "\(reject.file): \(error)")
                #expect(error.description.contains("HINT:"))
                print("\(reject.file): \(error.message)")
            } catch {
                Issue.record("\(reject.file): expected a ModelError \(reject.why), got \(error)")
            }
        }
    }
}
