import Foundation
import GGUF
import TestSupport
import Testing
@testable import Model

/// What Reference/llama_reference.py writes to reference.json.
struct TransformersReference: Decodable, Sendable {
    struct Prompt: Decodable, Sendable {
        let name: String
        let text: String
        let ids: [Int32]
        let nll: Double
        let file: String
    }
    let transformers: String
    let torch: String
    let attn_implementation: String
    let prompts: [Prompt]
}

/// The real model loaded once, and transformers' logits for the three prompts, made once per test process.
struct SmolLM2Fixture: Sendable {
    let model: Transformer
    let file: GGUFFile
    let reference: TransformersReference
    /// Per prompt, the (T,V) fp32 logits transformers computed.
    let logits: [[Float]]
    let loadSeconds: Double

    static let shared: Result<SmolLM2Fixture, any Error> = Result { try SmolLM2Fixture() }

    private init() throws {
        let path = try TestEnvironment.requireModel()
        let out = try TestEnvironment.scratchDirectory("llama-reference")
        defer { try? FileManager.default.removeItem(at: out) }
        try TestEnvironment.runReference("llama_reference.py", [path, TestEnvironment.niv2Tasks, out.path])
        reference = try JSONDecoder().decode(TransformersReference.self,
                                             from: Data(contentsOf: out.appendingPathComponent("reference.json")))
        logits = try reference.prompts.map { try TestEnvironment.readFloats(out.appendingPathComponent($0.file)) }
        file = try GGUFFile(path: path)
        let start = Date()
        model = try Transformer(gguf: file)
        loadSeconds = Date().timeIntervalSince(start)
    }
}

/// SmolLM2-135M-Instruct (Q4_1 GGUF) against HF transformers loading the same file in fp32.
///
/// Tolerance: both sides compute in fp32 from the same dequantized weights, so the logits differ only by
/// summation order (OpenBLAS vs MKL-DNN/ATen GEMM blocking, SDPA vs explicit softmax), which compounds over
/// 30 residual blocks. Logits here are O(10–30) with fp32 ulp ~1e-6–2e-6; a per-layer relative error of
/// ~1e-6 grows to ~1e-4 absolute (observed: 1.0e-4 at T=223). 1e-3 absolute leaves 10x for other BLAS kernels, while any real mistake (a wrong RoPE
/// pairing, a missing 1/√hd, a GQA off-by-one, an unpermuted head) moves logits by 0.1–10.
@Suite(.serialized)
struct LlamaReferenceTests {
    static let logitTolerance: Float = 1e-3
    static let nllTolerance = 1e-4

    @Test func logitsArgmaxAndNLLMatchTransformers() async throws {
        let fx = try await offPool { try SmolLM2Fixture.shared.get() }
        let V = fx.model.config.vocabSize
        print("reference: transformers \(fx.reference.transformers), torch \(fx.reference.torch), "
            + "attention \(fx.reference.attn_implementation); Swift load \(String(format: "%.2f", fx.loadSeconds)) s")
        try #require(fx.reference.prompts.count == 3)
        for (prompt, expected) in zip(fx.reference.prompts, fx.logits) {
            let T = prompt.ids.count
            try #require(expected.count == T * V, "\(prompt.name): reference has \(expected.count) logits, want \(T)×\(V)")
            let start = Date()
            let mine = try fx.model.logits(tokens: prompt.ids)
            let seconds = Date().timeIntervalSince(start)
            var maxDiff: Float = 0, maxAt = 0
            var disagreements: [String] = []
            for t in 0..<T {
                let a = mine[(t * V)..<((t + 1) * V)], b = expected[(t * V)..<((t + 1) * V)]
                for (i, (x, y)) in zip(a, b).enumerated() where abs(x - y) > maxDiff {
                    maxDiff = abs(x - y)
                    maxAt = t * V + i
                }
                let mineArg = a.indices.max { a[$0] < a[$1] }! - t * V, refArg = b.indices.max { b[$0] < b[$1] }! - t * V
                if mineArg != refArg { disagreements.append("position \(t): \(mineArg) vs \(refArg)") }
            }
            let argmaxAgree = T - disagreements.count
            let examples = disagreements.prefix(3).joined(separator: "; ")
            #expect(disagreements.isEmpty, "\(prompt.name): argmax differs at \(disagreements.count) positions, e.g. \(examples)")
            let nll = try fx.model.meanNLL(tokens: prompt.ids)
            print("\(prompt.name): T=\(T) max|Δlogit| = \(maxDiff) (at position \(maxAt / V), logit \(expected[maxAt])), "
                + "argmax agrees at \(argmaxAgree)/\(T), NLL \(nll) vs \(prompt.nll) (Δ \(abs(nll - prompt.nll))), "
                + "forward \(String(format: "%.3f", seconds)) s")
            #expect(maxDiff <= Self.logitTolerance, "\(prompt.name): max |logit difference| \(maxDiff)")
            #expect(abs(nll - prompt.nll) <= Self.nllTolerance, "\(prompt.name): NLL \(nll) vs transformers \(prompt.nll)")
        }
    }

    /// Independent of Python: the model completes "The capital of Italy is" with " Rome" (GGUF token `ĠRome`).
    @Test func completesTheCapitalOfItaly() async throws {
        let fx = try await offPool { try SmolLM2Fixture.shared.get() }
        let prompt = try #require(fx.reference.prompts.first { $0.name == "capital" })
        let tokens = try fx.file.stringArray("tokenizer.ggml.tokens")
        #expect(prompt.ids.map { tokens[Int($0)] } == ["The", "Ġcapital", "Ġof", "ĠItaly", "Ġis"])
        let V = fx.model.config.vocabSize, T = prompt.ids.count
        let logits = try fx.model.logits(tokens: prompt.ids)
        let last = logits[((T - 1) * V)...]
        #expect(tokens[last.indices.max { last[$0] < last[$1] }! - (T - 1) * V] == "ĠRome")
    }

    /// Hyperparameters come from the metadata; these are SmolLM2-135M's published values.
    @Test func configMatchesTheModelCard() async throws {
        let fx = try await offPool { try SmolLM2Fixture.shared.get() }
        let c = fx.model.config
        #expect(c.family == .llama && c.modelType == "llama")
        #expect((c.layers, c.width, c.ffnWidth, c.heads, c.kvHeads, c.headDim) == (30, 576, 1536, 9, 3, 64))
        #expect((c.vocabSize, c.contextLength) == (49_152, 8192))
        #expect(c.ropeBase == 100_000)
        #expect(c.layerNormEpsilon == Float(1e-5))
        #expect(c.ropeScaling == .none)
        #expect(c.tiedEmbeddings && !c.attentionBias)
        #expect((c.bosTokenId, c.eosTokenId) == (1, 2))
        #expect(c == .smolLM2, "bench configuration L is SmolLM2's shape")
        #expect(fx.model.tensors.count == 2 + 30 * 9)
        #expect(fx.model.parameterCount == 49_152 * 576 + 576 + 30 * (2 * 576 + 576 * 576 * 2 + 2 * 192 * 576 + 3 * 576 * 1536))
        #expect(fx.model.parameterCount == 134_515_008, "transformers counts 134,515,008 parameters")
        #expect(fx.model.tensors.first { $0.name == "model.layers.3.self_attn.k_proj.weight" }?.shape == [192, 576])
        #expect(fx.model.tensor(named: "lm_head.weight") == nil)
    }

    /// The loader's Q/K rows equal the file's rows under HF's reverse permutation, and the other tensors are
    /// the file's dequantized values unchanged.
    @Test func qAndKRowsAreInHuggingFaceOrder() async throws {
        let fx = try await offPool { try SmolLM2Fixture.shared.get() }
        let hd = 64, C = 576
        for (name, hf, heads) in [("blk.7.attn_q.weight", "q_proj", 9), ("blk.7.attn_k.weight", "k_proj", 3)] {
            let stored = try fx.file.dequantize(named: name)
            let loaded = try #require(fx.model.tensor(named: "model.layers.7.self_attn.\(hf).weight"))
            var mismatches = 0
            for h in 0..<heads {
                for r in 0..<hd {
                    // HF row r = j·hd/2 + i was stored at row 2i + j.
                    let i = r % (hd / 2), j = r / (hd / 2)
                    let src = (h * hd + 2 * i + j) * C, dst = (h * hd + r) * C
                    if Array(stored[src..<(src + C)]) != Array(loaded[dst..<(dst + C)]) { mismatches += 1 }
                }
            }
            #expect(mismatches == 0, "\(name): \(mismatches) rows out of place")
            #expect(stored != loaded, "\(name): the permutation must move rows")
        }
        #expect(try fx.file.dequantize(named: "blk.7.attn_v.weight") == fx.model.tensor(named: "model.layers.7.self_attn.v_proj.weight"))
        #expect(try fx.file.dequantize(named: "blk.7.ffn_up.weight") == fx.model.tensor(named: "model.layers.7.mlp.up_proj.weight"))
    }

    @Test func rejectsBadSequences() async throws {
        let fx = try await offPool { try SmolLM2Fixture.shared.get() }
        #expect(throws: ModelError.self) { try fx.model.logits(tokens: []) }
        #expect(throws: ModelError.self) { try fx.model.logits(tokens: [1, 49_152]) }
        #expect(throws: ModelError.self) { try fx.model.logits(tokens: [-1]) }
        #expect(throws: ModelError.self) { try fx.model.logits(tokens: Array(repeating: 1, count: 8193)) }
    }
}

extension Transformer {
    /// The mean NLL of tokens[1...] given their prefixes, as HF's `labels=` loss computes it.
    func meanNLL(tokens: [Int32]) throws -> Double {
        try meanNLL(prefix: [], continuations: [ScoringContinuation(tokens: tokens, lossStart: 1)])[0]
    }
}
