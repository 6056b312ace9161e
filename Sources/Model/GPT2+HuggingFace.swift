import Foundation
import Safetensors

/// Hugging Face interop: a directory with `config.json` and `model.safetensors`, GPT-2 tensor names
/// and layouts unchanged, so real GPT-2 weights load and our weights open in `transformers`.
extension GPT2 {
    /// Loads `config.json` and `model.safetensors` (F32, F16 or BF16) from an HF model directory.
    public static func load(huggingFaceDirectory directory: URL) throws -> GPT2 {
        let configURL = directory.appendingPathComponent("config.json")
        let weightsURL = directory.appendingPathComponent("model.safetensors")
        let config: ModelConfig
        do {
            config = try JSONDecoder().decode(ModelConfig.self, from: Data(contentsOf: configURL))
        } catch let error as ModelError {
            throw error
        } catch {
            throw ModelError(.invalidCheckpoint, "could not read \(configURL.path): \(error). "
                             + "HINT: the directory must hold an HF GPT-2 config.json")
        }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: weightsURL, options: .alwaysMapped)
        } catch {
            throw ModelError(.invalidCheckpoint, "could not read \(weightsURL.path): \(error). "
                             + "HINT: export the model with safe_serialization=True")
        }
        let file: SafetensorsFile
        do {
            file = try bytes.withUnsafeBytes { try SafetensorsFile.parse($0) }
        } catch {
            throw ModelError(.invalidCheckpoint, "\(weightsURL.path) is not a valid safetensors file: \(error)")
        }
        return try GPT2(config: config, safetensors: file)
    }

    /// Makes a model from safetensors tensors with HF GPT-2 names (with or without `transformer.`);
    /// the tied `lm_head.weight` and the attention-mask buffers are ignored.
    public convenience init(config: ModelConfig, safetensors file: SafetensorsFile) throws {
        try self.init(config: config)
        var seen = Set<String>()
        for entry in file.tensors {
            let name = entry.name.hasPrefix("transformer.") ? String(entry.name.dropFirst(12)) : entry.name
            if name == "lm_head.weight" || name.hasSuffix(".attn.bias") || name.hasSuffix(".attn.masked_bias") {
                continue
            }
            guard let tensor = layout.tensors.first(where: { $0.name == name }) else {
                throw ModelError(.invalidCheckpoint, "unexpected tensor `\(entry.name)` for a GPT-2 model. "
                                 + "HINT: only GPT2LMHeadModel checkpoints are supported")
            }
            guard entry.shape == tensor.shape else {
                throw ModelError(.invalidCheckpoint, "tensor `\(entry.name)` has shape \(entry.shape) but the "
                                 + "config needs \(tensor.shape). HINT: use the config.json saved with the weights")
            }
            do {
                try setTensor(named: name, values: try entry.floats())
            } catch let error as SafetensorsError {
                throw ModelError(.invalidCheckpoint, "tensor `\(entry.name)`: \(error)")
            }
            seen.insert(name)
        }
        if let missing = layout.tensors.first(where: { !seen.contains($0.name) }) {
            throw ModelError(.invalidCheckpoint, "the weights lack tensor `\(missing.name)`. "
                             + "HINT: the file is incomplete or for another architecture")
        }
    }

    /// All weights as F32 safetensors with HF names, without `lm_head.weight` (it is tied to `wte`).
    public func safetensors() throws -> SafetensorsFile {
        do {
            let entries = try layout.tensors.map { tensor throws(SafetensorsError) in
                try TensorEntry(name: tensor.name, shape: tensor.shape,
                                floats: Array(UnsafeBufferPointer(start: parameters + tensor.offset, count: tensor.count)))
            }
            return try SafetensorsFile(tensors: entries, metadata: ["format": "pt"])
        } catch {
            throw ModelError(.invalidCheckpoint, "could not encode weights as safetensors: \(error)")
        }
    }

    /// Writes `config.json` and `model.safetensors` into `directory` (created if needed).
    public func write(huggingFaceDirectory directory: URL) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(config).write(to: directory.appendingPathComponent("config.json"), options: .atomic)
            try Data(try safetensors().serialize())
                .write(to: directory.appendingPathComponent("model.safetensors"), options: .atomic)
        } catch let error as ModelError {
            throw error
        } catch {
            throw ModelError(.invalidCheckpoint, "could not write the model to \(directory.path): \(error). "
                             + "HINT: check the directory is writable and the disk has space")
        }
    }
}
