import Foundation
import Model

/// Loads a model and its tokenizer from a Hugging Face GPT-2 directory.
enum ModelDirectory {
    /// The model in `path`, with the directory's tokenizer when it has one, else the embedded default.
    static func load(_ path: String) throws -> (GPT2, BPETokenizer) {
        let directory = URL(fileURLWithPath: path)
        let model = try GPT2.load(huggingFaceDirectory: directory)
        let vocabulary = directory.appendingPathComponent(BPETokenizer.vocabularyFileName)
        let tokenizer = FileManager.default.fileExists(atPath: vocabulary.path)
            ? try BPETokenizer(directory: directory) : try BPETokenizer.embeddedDefault()
        return (model, tokenizer)
    }
}
