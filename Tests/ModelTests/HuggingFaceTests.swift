import Foundation
import Safetensors
import Testing
@testable import Model

extension ModelTests {
    /// config.json and model.safetensors in the HF GPT-2 layout: round trip, HF naming variants, errors.
    @Suite struct HuggingFaceTests {
        @Test func configMapsHuggingFaceKeys() throws {
            let json = """
            {"activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"], "bos_token_id": 50256,
             "eos_token_id": 50256, "layer_norm_epsilon": 1e-05, "model_type": "gpt2", "n_ctx": 1024,
             "n_embd": 768, "n_head": 12, "n_layer": 12, "n_positions": 1024, "vocab_size": 50257}
            """
            let config = try JSONDecoder().decode(ModelConfig.self, from: Data(json.utf8))
            #expect(config == .gpt2)
            let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(ModelConfig.default)) as? [String: Any]
            #expect(encoded?["model_type"] as? String == "gpt2")
            #expect(encoded?["architectures"] as? [String] == ["GPT2LMHeadModel"])
            #expect(encoded?["n_embd"] as? Int == 256)
            #expect(try JSONDecoder().decode(ModelConfig.self, from: JSONEncoder().encode(ModelConfig.default)) == .default)
        }

        @Test func invalidConfigNamesTheKey() throws {
            let error = try #require(throws: ModelError.self) {
                try Transformer(config: ModelConfig(vocabSize: 10, contextLength: 8, layers: 1, heads: 3, width: 8), seed: 1)
            }
            #expect(error.description.contains("n_head"))
        }

        @Test func writeThenLoadGivesIdenticalWeights() throws {
            let model = try Transformer(config: Fixtures.tiny, seed: 4)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gpt2-hf-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: dir) }
            try model.write(huggingFaceDirectory: dir)
            let loaded = try Transformer.load(huggingFaceDirectory: dir)
            #expect(loaded.config == model.config)
            #expect(loaded.flatParameters == model.flatParameters)
            #expect(try model.safetensors().tensor(named: "lm_head.weight") == nil)
        }

        @Test func acceptsTransformerPrefixTiedHeadMaskBuffersAndHalfPrecision() throws {
            let model = try Transformer(config: Fixtures.tiny, seed: 8)
            var entries = try model.tensors.map { t in
                try TensorEntry(name: "transformer." + t.name, shape: t.shape, bfloat16From: model.tensor(named: t.name) ?? [])
            }
            entries.append(try TensorEntry(name: "lm_head.weight", shape: [11, 8], floats: model.tensor(named: "wte.weight") ?? []))
            entries.append(try TensorEntry(name: "transformer.h.0.attn.bias", shape: [1, 1, 12, 12],
                                           floats: [Float](repeating: 1, count: 144)))
            let loaded = try Transformer(config: Fixtures.tiny, safetensors: try SafetensorsFile(tensors: entries))
            let diff = zip(loaded.flatParameters, model.flatParameters).map { abs($0 - $1) }.max() ?? 1
            #expect(diff < 1e-2)
        }

        @Test func missingOrMisshapenTensorsThrow() throws {
            let model = try Transformer(config: Fixtures.tiny, seed: 8)
            let file = try model.safetensors()
            let missing = try SafetensorsFile(tensors: Array(file.tensors.dropLast()))
            #expect(throws: ModelError.self) { try Transformer(config: Fixtures.tiny, safetensors: missing) }
            var wrong = Fixtures.tiny
            wrong.vocabSize = 12
            #expect(throws: ModelError.self) { try Transformer(config: wrong, safetensors: file) }
        }
    }
}
