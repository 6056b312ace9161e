import Checkpoint
import Foundation
import Model
import Safetensors

/// A model as a `Checkpoint`: F32 tensors under their HF names (a tied output layer stored once),
/// `activetune.config` = the HF `config.json` text, `activetune.tokenizer` = the `TokenizerPayload` JSON
/// (`{"merges": <merges.txt text>, "vocab": <vocab.json object>, ...}`, the Llama family's fields added).
extension LanguageModel {
    /// This model as a checkpoint, recording `provenance` and free-form `metadata`.
    public func checkpoint(provenance: Provenance, metadata: [String: String] = [:]) throws -> Checkpoint {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            let config = String(decoding: try encoder.encode(transformer.config), as: UTF8.self)
            let tokenizerText = String(decoding: try encoder.encode(tokenizer.payload()), as: UTF8.self)
            return Checkpoint(tensors: try transformer.safetensors().tensors, config: config, tokenizer: tokenizerText,
                              provenance: provenance, metadata: metadata)
        } catch {
            throw ModelStoreError(.unwritable, "could not turn the model into a checkpoint: \(error). "
                + "HINT: this is a bug; report it with the model's config.json")
        }
    }

    /// The model stored in `checkpoint`; `source` names it in errors (a path or a checkpoint id).
    public init(checkpoint: Checkpoint, source: String) throws {
        let config: ModelConfig
        let payload: TokenizerPayload
        do {
            config = try JSONDecoder().decode(ModelConfig.self, from: Data(checkpoint.config.utf8))
            payload = try JSONDecoder().decode(TokenizerPayload.self, from: Data(checkpoint.tokenizer.utf8))
        } catch {
            throw ModelStoreError(.unreadable, "\(source) has no readable model config or tokenizer: \(error). "
                + "HINT: only checkpoints written by activetune (init, import or a round) hold a model")
        }
        do {
            let tokenizer = try BPETokenizer(payload: payload, source: source)
            let file = try SafetensorsFile(tensors: checkpoint.tensors)
            try self.init(transformer: Transformer(config: config, safetensors: file), tokenizer: tokenizer)
        } catch let error as ModelStoreError {
            throw error
        } catch {
            throw ModelStoreError(.unreadable, "\(source) does not hold a usable model: \(error). "
                + "HINT: roll back with `activetune rollback` or re-import the model")
        }
    }
}
