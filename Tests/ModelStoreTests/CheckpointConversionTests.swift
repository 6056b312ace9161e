import Checkpoint
import Foundation
import Logging
import Model
@testable import ModelStore
import State
import Testing

/// `LanguageModel` ↔ `Checkpoint` ↔ the store: identical weights and tokenizer back, helpful errors.
@Suite struct CheckpointConversionTests {
    static let provenance = Provenance(round: 0, strategy: "init", programVersion: "test")

    @Test func defaultModelUsesTheEmbeddedTokenizer() throws {
        let model = try LanguageModel.createDefault(seed: 3)
        #expect(model.transformer.config.vocabSize == model.tokenizer.vocabularySize)
        #expect(model.transformer.config.eosTokenId == model.tokenizer.eosID)
        #expect(model.transformer.config.contextLength == 1024)
        #expect(model.promptTokenLimit(maxNewTokens: 128) == 1024 - 128 - 1)
        #expect(try LanguageModel.createDefault(seed: 3).transformer.tensor(named: "wte.weight") == model.transformer.tensor(named: "wte.weight"))
        #expect(try LanguageModel.createDefault(seed: 4).transformer.tensor(named: "wte.weight") != model.transformer.tensor(named: "wte.weight"))
    }

    @Test func checkpointRoundTripIsExact() throws {
        let model = try Fixtures.tinyModel()
        let checkpoint = try model.checkpoint(provenance: Self.provenance, metadata: ["note": "x"])
        #expect(checkpoint.tensors.allSatisfy { $0.dtype == .f32 })
        #expect(checkpoint.config.contains("\"n_embd\":16"))
        let back = try LanguageModel(checkpoint: checkpoint, source: "memory")
        #expect(back.transformer.config == model.transformer.config)
        #expect(back.transformer.flatParameters == model.transformer.flatParameters)
        #expect(back.tokenizer.vocabularyJSON() == model.tokenizer.vocabularyJSON())
        #expect(back.tokenizer.mergesText() == model.tokenizer.mergesText())
    }

    @Test func storeRoundTripThroughActiveModel() throws {
        let state = Fixtures.temporaryPath("modelstore-state")
        defer { try? FileManager.default.removeItem(at: state) }
        let location = ModelLocation.stateDirectory(state.path)
        let missing = try #require(throws: ModelStoreError.self) { try location.load(logger: Logger(label: "test")) }
        #expect(missing.code == .noActiveModel)
        #expect(missing.hint.contains("run `activetune init --state \(state.path)`"))
        #expect(!FileManager.default.fileExists(atPath: state.path), "loading must not create the state directory")

        let store = try StateDirectory(state.path, access: .readWrite).openCheckpoints(logger: Logger(label: "test"))
        let empty = try #require(throws: ModelStoreError.self) { try location.load(logger: Logger(label: "test")) }
        #expect(empty.code == .noActiveModel)
        let model = try Fixtures.tinyModel()
        let id = try store.commit(model.checkpoint(provenance: Self.provenance)).id
        let loaded = try location.load(logger: Logger(label: "test"))
        #expect(loaded.transformer.flatParameters == model.transformer.flatParameters)
        let file = try ModelLocation.checkpointFile(store.path(of: id)).load(logger: Logger(label: "test"))
        #expect(file.transformer.flatParameters == model.transformer.flatParameters)
    }

    @Test func mismatchedPartsAreRefused() throws {
        let tokenizer = try BPETokenizer.embeddedDefault()
        let small = try Transformer(config: ModelConfig(vocabSize: 300, contextLength: 8, layers: 1, heads: 1, width: 4,
                                                 eosTokenId: 256), seed: 1)
        let tooSmall = try #require(throws: ModelStoreError.self) { try LanguageModel(transformer: small, tokenizer: tokenizer) }
        #expect(tooSmall.code == .mismatch)
        let otherEOS = try Transformer(config: ModelConfig(vocabSize: 8192, contextLength: 8, layers: 1, heads: 1, width: 4), seed: 1)
        let eos = try #require(throws: ModelStoreError.self) { try LanguageModel(transformer: otherEOS, tokenizer: tokenizer) }
        #expect(eos.message.contains("eos_token_id"))
        let badShape = try #require(throws: ModelStoreError.self) {
            try LanguageModel.create(config: ModelConfig(vocabSize: 512, contextLength: 8, layers: 1, heads: 1, width: 4), seed: 0)
        }
        #expect(badShape.hint.contains("set vocab_size to 8192"))
        let garbage = Checkpoint(tensors: [], config: "{}", tokenizer: "not json", provenance: Self.provenance)
        let unreadable = try #require(throws: ModelStoreError.self) { try LanguageModel(checkpoint: garbage, source: "x.ckpt") }
        #expect(unreadable.code == .unreadable)
        #expect(unreadable.message.contains("x.ckpt"))
    }
}
