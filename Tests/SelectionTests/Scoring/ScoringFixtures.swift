import Foundation
import Logging
import Model
import Selection
import Tasks

/// A tiny model with the embedded tokenizer, real NIV2 tasks and external tools for the scorer tests.
enum ScoringFixtures {
    /// The embedded vocabulary with a tiny body and a short context, so prompts get fitted to a budget.
    static let tiny = ModelConfig(vocabSize: 8192, contextLength: 192, layers: 2, heads: 2, width: 32,
                                  bosTokenId: 256, eosTokenId: 256)

    /// A tiny model, seeded, and the embedded tokenizer.
    static func model(seed: UInt64 = 11) throws -> (Transformer, BPETokenizer) {
        (try Transformer(config: tiny, seed: seed), try BPETokenizer.embeddedDefault())
    }

    /// A scorer of the tiny model with small n, k and decoding length.
    static func scorer(_ settings: ScoringSettings = small, seed: UInt64 = 11) throws -> PromptUncertaintyScorer {
        let (gpt2, tokenizer) = try model(seed: seed)
        return try PromptUncertaintyScorer(model: gpt2, tokenizer: tokenizer, settings: settings, logger: Logger(label: "test"))
    }

    /// n = 4, k = 3, 12 new tokens.
    static let small = ScoringSettings(instances: 4, perturbations: 3, maxNewTokens: 12)

    struct Missing: Error, CustomStringConvertible { var description: String }

    /// `shared/data/niv2/tasks/<name>.json`, found by walking up from this file.
    static func niv2Task(_ name: String, filePath: String = #filePath) throws -> InstructionTask {
        var dir = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while dir.path != "/" {
            let file = dir.appendingPathComponent("shared/data/niv2/tasks/\(name).json")
            if FileManager.default.fileExists(atPath: file.path) {
                return try TaskFileReader().read(contentsOf: file).tasks[0]
            }
            dir = dir.deletingLastPathComponent()
        }
        throw Missing(description: "shared/data/niv2/tasks/\(name).json not found above \(filePath); the tests need the real data")
    }

    /// A classification task with two positive examples and short inputs.
    static func task843() throws -> InstructionTask { try niv2Task("task843_financial_phrasebank_classification") }
}
