import Foundation
import Model

/// The Hugging Face directory layout: `config.json`, `model.safetensors`, `vocab.json`, `merges.txt`,
/// which `GPT2LMHeadModel.from_pretrained` and `GPT2TokenizerFast.from_pretrained` open as they are.
extension LanguageModel {
    /// Loads a GPT-2-family model and its tokenizer from an HF directory.
    public init(huggingFaceDirectory directory: URL) throws {
        let transformer: Transformer
        let tokenizer: BPETokenizer
        do {
            transformer = try Transformer.load(huggingFaceDirectory: directory)
            tokenizer = try BPETokenizer(directory: directory)
        } catch {
            throw ModelStoreError(.unreadable, "could not import \(directory.path): \(error). HINT: the directory "
                + "needs config.json, model.safetensors, vocab.json and merges.txt of a GPT-2-family model")
        }
        try self.init(transformer: transformer, tokenizer: tokenizer)
    }

    /// Writes the four files into `directory` (created if needed), weights as F32.
    public func write(huggingFaceDirectory directory: URL) throws {
        do {
            try transformer.write(huggingFaceDirectory: directory)
            try tokenizer.write(to: directory)
        } catch {
            throw ModelStoreError(.unwritable, "could not export the model to \(directory.path): \(error). "
                + "HINT: check that the directory is writable and the disk has space")
        }
    }
}
