import Foundation
import Model

/// The Hugging Face directory layout: `config.json`, `model.safetensors` (or shards), and the tokenizer as
/// `tokenizer.json` or GPT-2's `vocab.json` + `merges.txt`; what `AutoModelForCausalLM.from_pretrained` and
/// `AutoTokenizer.from_pretrained` open as they are.
extension LanguageModel {
    /// Loads a model and its tokenizer from an HF directory of a supported family (gpt2, llama, qwen2, mistral).
    public init(huggingFaceDirectory directory: URL) throws {
        let transformer: Transformer
        let tokenizer: BPETokenizer
        do {
            transformer = try Transformer.load(huggingFaceDirectory: directory)
            let tokenizerFile = directory.appendingPathComponent(BPETokenizer.huggingFaceFileName)
            if FileManager.default.fileExists(atPath: tokenizerFile.path) {
                tokenizer = try BPETokenizer(huggingFaceFile: tokenizerFile, endOfSequence: transformer.config.eosTokenId)
            } else {
                tokenizer = try BPETokenizer(directory: directory)
            }
        } catch {
            throw ModelStoreError(.unreadable, "could not import \(directory.path): \(error). HINT: the directory "
                + "needs config.json, model.safetensors (or shards with model.safetensors.index.json) and "
                + "tokenizer.json (or vocab.json and merges.txt) of a GPT-2 or Llama-family model")
        }
        try self.init(transformer: transformer, tokenizer: tokenizer)
    }

    /// Whether `path` is an HF model directory or a GGUF file (its first bytes are `GGUF`), which `init(importing:)`
    /// reads, rather than a checkpoint.
    public static func isImportable(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return false }
        if isDirectory.boolValue { return true }
        return FileHandle(forReadingAtPath: path).flatMap { try? $0.read(upToCount: 4) } == Data("GGUF".utf8)
    }

    /// Imports what `path` names: an HF model directory or a GGUF file (recognised by its magic bytes).
    public init(importing path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ModelStoreError(.unreadable, "\(path) does not exist. HINT: pass an HF model directory or a .gguf file")
        }
        if isDirectory.boolValue {
            try self.init(huggingFaceDirectory: URL(fileURLWithPath: path))
            return
        }
        let magic = FileHandle(forReadingAtPath: path).flatMap { try? $0.read(upToCount: 4) }
        guard magic == Data("GGUF".utf8) else {
            throw ModelStoreError(.unreadable, "\(path) is neither an HF model directory nor a GGUF file (it does not "
                + "start with the bytes GGUF). HINT: pass the directory `save_pretrained` wrote, or a .gguf file")
        }
        try self.init(gguf: path)
    }

    /// Writes the HF layout into `directory` (created if needed): config.json, generation_config.json,
    /// model.safetensors (F32), tokenizer.json, tokenizer_config.json, and for GPT-2 also vocab.json and merges.txt.
    public func write(huggingFaceDirectory directory: URL) throws {
        do {
            try transformer.write(huggingFaceDirectory: directory)
            try tokenizer.write(huggingFaceTokenizerFile: directory.appendingPathComponent(BPETokenizer.huggingFaceFileName))
            try writeTokenizerConfig(in: directory)
            if transformer.config.family == .gpt2 { try tokenizer.write(to: directory) }
        } catch {
            throw ModelStoreError(.unwritable, "could not export the model to \(directory.path): \(error). "
                + "HINT: check that the directory is writable and the disk has space")
        }
    }

    /// `tokenizer_config.json`: names the generic fast tokenizer, because without it transformers picks the
    /// class of the model type (Qwen2Tokenizer for qwen2), which rebuilds the pre-tokenizer its own way
    /// instead of reading tokenizer.json's; and names the EOS token.
    private func writeTokenizerConfig(in directory: URL) throws {
        var settings: [String: Any] = ["tokenizer_class": "PreTrainedTokenizerFast",
                                       "model_max_length": transformer.config.contextLength]
        if let eos = tokenizer.tokenText(tokenizer.eosID) { settings["eos_token"] = eos }
        if let bos = tokenizer.bosID.flatMap(tokenizer.tokenText) { settings["bos_token"] = bos }
        let data = try JSONSerialization.data(withJSONObject: settings, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: directory.appendingPathComponent("tokenizer_config.json"), options: .atomic)
    }
}
