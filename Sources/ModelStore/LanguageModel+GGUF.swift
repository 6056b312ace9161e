import GGUF
import Model

/// A Llama-family GGUF file (llama.cpp, Ollama): weights dequantized to Float32, the tokenizer from its metadata.
extension LanguageModel {
    /// Loads the model and tokenizer a GGUF file holds; errors name the file and what to do.
    public init(gguf path: String) throws {
        let file: GGUFFile
        do {
            file = try GGUFFile(path: path)
        } catch {
            throw ModelStoreError(.unreadable, "could not read the GGUF file \(path): \(error.message)", hint: error.hint)
        }
        let transformer: Transformer
        do {
            transformer = try Transformer(gguf: file)
        } catch {
            throw ModelStoreError(.unreadable, "could not import \(path): \(error.message)", hint: error.hint)
        }
        let tokenizer: BPETokenizer
        do {
            tokenizer = try BPETokenizer(gguf: file)
        } catch {
            throw ModelStoreError(.unreadable, "could not read the tokenizer of \(path): \(error)")
        }
        try self.init(transformer: transformer, tokenizer: tokenizer)
    }
}
