import Foundation
import GGUF
import Model

extension LanguageModel {
    /// Writes the model and its tokenizer as one GGUF file (version 3) that llama.cpp, Ollama, the `gguf`
    /// package and transformers load; matrices in `precision`, vectors in F32. Llama family only.
    public func write(gguf path: String, precision: Transformer.GGUFPrecision = .f32) throws {
        do {
            var writer = GGUFWriter()
            for (key, value) in try transformer.ggufMetadata() { try writer.set(key, value) }
            for (key, value) in tokenizer.ggufMetadata(bosID: transformer.config.bosTokenId) { try writer.set(key, value) }
            try transformer.addGGUFTensors(to: &writer, precision: precision)
            try writer.write(to: path)
        } catch let error as ModelError {
            throw ModelStoreError(.unwritable, "cannot write \(path) as GGUF: \(error.message)", hint: error.hint)
        } catch let error as GGUFError {
            throw ModelStoreError(.unwritable, "could not write \(path): \(error.message)", hint: error.hint)
        }
    }
}
