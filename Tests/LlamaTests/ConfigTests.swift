import Testing
@testable import Llama

/// Validation of explicit configs and the parameter layout they produce, without any file.
struct ConfigTests {
    @Test func rejectsHeadsThatDoNotDivide() {
        #expect(throws: LlamaError.self) {
            try LlamaConfig(layers: 1, width: 576, ffnWidth: 8, heads: 9, kvHeads: 4, vocabSize: 10, contextLength: 8)
        }
        #expect(throws: LlamaError.self) {
            try LlamaConfig(layers: 1, width: 577, ffnWidth: 8, heads: 9, kvHeads: 3, vocabSize: 10, contextLength: 8)
        }
        #expect(throws: LlamaError.self) {
            try LlamaConfig(layers: 1, width: 27, ffnWidth: 8, heads: 9, kvHeads: 3, vocabSize: 10, contextLength: 8)
        }
        #expect(throws: LlamaError.self) {
            try LlamaConfig(layers: 0, width: 64, ffnWidth: 8, heads: 4, kvHeads: 2, vocabSize: 10, contextLength: 8)
        }
        #expect(throws: LlamaError.self) {
            try LlamaConfig(layers: 1, width: 64, ffnWidth: 8, heads: 4, kvHeads: 2, vocabSize: 10, contextLength: 8,
                            ropeScaling: .frequencyDivisors([1, 2]))
        }
        do {
            _ = try LlamaConfig(layers: 1, width: 64, ffnWidth: 8, heads: 4, kvHeads: 3, vocabSize: 10, contextLength: 8)
            Issue.record("4 heads over 3 KV heads must be rejected")
        } catch {
            #expect(error.code == .invalidConfig)
            #expect(error.description.contains("HINT:"))
        }
    }

    @Test func layoutFusesQKVAndGateUpWithNamedViews() throws {
        let c = try LlamaConfig(layers: 2, width: 8, ffnWidth: 12, heads: 4, kvHeads: 2, vocabSize: 5, contextLength: 16,
                                tiedEmbeddings: false, attentionBias: true)
        let p = LlamaParameters(config: c)
        let q = try #require(p.tensor(named: "blk.1.attn_q.weight"))
        let k = try #require(p.tensor(named: "blk.1.attn_k.weight"))
        let v = try #require(p.tensor(named: "blk.1.attn_v.weight"))
        #expect((q.shape, k.shape, v.shape) == ([8, 8], [4, 8], [4, 8]))
        #expect(k.offset == q.offset + q.count && v.offset == k.offset + k.count)
        #expect(p.layers[1].qkvw == q.offset)
        let gate = try #require(p.tensor(named: "blk.0.ffn_gate.weight"))
        #expect(p.tensor(named: "blk.0.ffn_up.weight")?.offset == gate.offset + gate.count)
        #expect(p.tensor(named: "blk.0.attn_k.bias")?.offset == p.tensor(named: "blk.0.attn_q.bias").map { $0.offset + 8 })
        #expect(p.tensor(named: "output.weight")?.shape == [5, 8])
        #expect(p.lmHead != p.tokenEmbedding)
        #expect(p.count == p.tensors.map(\.count).reduce(0, +))
    }
}
