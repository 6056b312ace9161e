import Foundation
import Model
@testable import ModelStore

/// Small models and temporary places shared by the ModelStore tests.
enum Fixtures {
    /// The embedded tokenizer's vocabulary with a tiny body, so tests run in milliseconds.
    static let tiny = ModelConfig(vocabSize: 8192, contextLength: 64, layers: 1, heads: 2, width: 16)

    /// A tiny model with the embedded tokenizer.
    static func tinyModel(seed: UInt64 = 7) throws -> LanguageModel {
        try LanguageModel.create(config: tiny, seed: seed)
    }

    /// A fresh temporary directory path (not created).
    static func temporaryPath(_ label: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
    }

    /// `Tests/ModelTests/Reference/gpt2_reference.py`, the model helper's numpy GPT-2.
    static func numpyGPT2(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ModelTests/Reference/gpt2_reference.py")
    }
}
