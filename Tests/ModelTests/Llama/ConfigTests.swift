import Testing
@testable import Model

/// Validation of explicit Llama-family configs and the parameter layout they produce, without any file.
struct ConfigTests {
    static func config(layers: Int = 1, width: Int, heads: Int, kvHeads: Int, headDim: Int? = nil,
                       scaling: RopeScaling = .none) -> ModelConfig {
        .llama(vocabSize: 10, contextLength: 8, layers: layers, width: width, ffnWidth: 8, heads: heads,
               kvHeads: kvHeads, headDim: headDim, ropeScaling: scaling)
    }

    @Test func rejectsHeadsThatDoNotGroupOrRotate() {
        #expect(throws: ModelError.self) { try Self.config(width: 576, heads: 9, kvHeads: 4).validate() }
        #expect(throws: ModelError.self) { try Self.config(width: 27, heads: 9, kvHeads: 3).validate() }
        #expect(throws: ModelError.self) { try Self.config(layers: 0, width: 64, heads: 4, kvHeads: 2).validate() }
        #expect(throws: ModelError.self) {
            try Self.config(width: 64, heads: 4, kvHeads: 2, scaling: .frequencyDivisors([1, 2])).validate()
        }
        do {
            try Self.config(width: 64, heads: 4, kvHeads: 3).validate()
            Issue.record("4 heads over 3 KV heads must be rejected")
        } catch let error as ModelError {
            #expect(error.code == .invalidConfig)
            #expect(error.description.contains("num_key_value_heads"), "names the HF key: \(error)")
            #expect(error.description.contains("HINT:"))
        } catch {
            Issue.record("unexpected \(error)")
        }
        // head_dim set explicitly may make heads·head_dim differ from the width.
        #expect(throws: Never.self) { try Self.config(width: 48, heads: 4, kvHeads: 2, headDim: 16).validate() }
    }

    @Test func layoutFusesQKVAndGateUpWithHuggingFaceNames() throws {
        var c = Self.config(layers: 2, width: 8, heads: 4, kvHeads: 2)
        c.ffnWidth = 12
        c.vocabSize = 5
        c.tiedEmbeddings = false
        c.attentionBias = true
        let p = ParameterLayout(c)
        func tensor(_ name: String) throws -> ParameterTensor { try #require(p.tensors.first { $0.name == name }) }
        let q = try tensor("model.layers.1.self_attn.q_proj.weight")
        let k = try tensor("model.layers.1.self_attn.k_proj.weight")
        let v = try tensor("model.layers.1.self_attn.v_proj.weight")
        #expect((q.shape, k.shape, v.shape) == ([8, 8], [4, 8], [4, 8]))
        #expect(k.offset == q.offset + q.count && v.offset == k.offset + k.count)
        #expect(p.layers[1].qkvw == q.offset)
        let gate = try tensor("model.layers.0.mlp.gate_proj.weight")
        #expect(try tensor("model.layers.0.mlp.up_proj.weight").offset == gate.offset + gate.count)
        #expect(try tensor("model.layers.0.self_attn.k_proj.bias").offset == tensor("model.layers.0.self_attn.q_proj.bias").offset + 8)
        #expect(try tensor("lm_head.weight").shape == [5, 8])
        #expect(p.lmHead != p.wte)
        #expect(p.count == p.tensors.map(\.count).reduce(0, +))
        c.tiedEmbeddings = true
        let tied = ParameterLayout(c)
        #expect(tied.lmHead == tied.wte && !tied.tensors.contains { $0.name == "lm_head.weight" })
    }
}
