import Foundation
import Safetensors

/// Hugging Face interop: a directory with `config.json` and `model.safetensors` (or shards listed by
/// `model.safetensors.index.json`), HF tensor names and layouts unchanged, so HF weights load as they are and
/// our weights open in `transformers` (`GPT2LMHeadModel`, `LlamaForCausalLM`, `Qwen2ForCausalLM`, ...).
extension Transformer {
    /// The single-file weights' name in an HF directory.
    public static let weightsFileName = "model.safetensors"
    /// The index of sharded weights (`model-00001-of-00002.safetensors`, ...).
    public static let shardIndexFileName = "model.safetensors.index.json"

    /// Loads `config.json` and the safetensors weights (F32, F16 or BF16, one file or shards) of an HF directory.
    public static func load(huggingFaceDirectory directory: URL) throws -> Transformer {
        let configURL = directory.appendingPathComponent("config.json")
        var config: ModelConfig
        do {
            let data = try Data(contentsOf: configURL)
            config = try JSONDecoder().decode(ModelConfig.self, from: data)
            // Llama-family config.json files may leave EOS to generation_config.json (its first id if a list).
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            if config.family == .llama, object?["eos_token_id"] == nil || object?["eos_token_id"] is NSNull,
               let generation = try? Data(contentsOf: directory.appendingPathComponent("generation_config.json")),
               let eos = try? JSONDecoder().decode(GenerationConfig.self, from: generation).eos {
                config.eosTokenId = eos
            }
        } catch let error as ModelError {
            throw error
        } catch {
            throw ModelError(.invalidCheckpoint, "could not read \(configURL.path): \(error). "
                             + "HINT: the directory must hold an HF config.json")
        }
        let files = try weightFiles(in: directory).map { url in
            let bytes: Data
            do {
                bytes = try Data(contentsOf: url, options: .alwaysMapped)
            } catch {
                throw ModelError(.invalidCheckpoint, "could not read \(url.path): \(error). "
                                 + "HINT: export the model with safe_serialization=True")
            }
            do {
                return try bytes.withUnsafeBytes { try SafetensorsFile.parse($0) }
            } catch {
                throw ModelError(.invalidCheckpoint, "\(url.path) is not a valid safetensors file: \(error)")
            }
        }
        return try Transformer(config: config, safetensors: files)
    }

    /// The one key of `generation_config.json` that loading needs.
    private struct GenerationConfig: Decodable {
        var eos: Int32?
        enum CodingKeys: String, CodingKey { case eos = "eos_token_id" }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            eos = (try? c.decode(Int32.self, forKey: .eos)) ?? (try? c.decode([Int32].self, forKey: .eos))?.first
        }
    }

    /// `model.safetensors`, or the shards the index names, each once, in name order.
    private static func weightFiles(in directory: URL) throws -> [URL] {
        let single = directory.appendingPathComponent(weightsFileName)
        if FileManager.default.fileExists(atPath: single.path) { return [single] }
        let indexURL = directory.appendingPathComponent(shardIndexFileName)
        guard let data = try? Data(contentsOf: indexURL) else {
            throw ModelError(.invalidCheckpoint, "\(directory.path) has neither \(weightsFileName) nor "
                             + "\(shardIndexFileName). HINT: save the model with safe_serialization=True")
        }
        struct Index: Decodable { var weight_map: [String: String] }
        let index: Index
        do {
            index = try JSONDecoder().decode(Index.self, from: data)
        } catch {
            throw ModelError(.invalidCheckpoint, "\(indexURL.path) is not a safetensors index: \(error). "
                             + "HINT: it must hold a \"weight_map\" object of tensor name to shard file")
        }
        let shards = Set(index.weight_map.values).sorted()
        if let bad = shards.first(where: { $0.contains("/") || $0.hasPrefix(".") }) {
            throw ModelError(.invalidCheckpoint, "\(indexURL.path) names the shard \"\(bad)\" outside the directory")
        }
        return shards.map { directory.appendingPathComponent($0) }
    }

    /// Makes a model from safetensors tensors with HF names, from one file or several shards. GPT-2 names may
    /// carry `transformer.`; a tied `lm_head.weight`, attention-mask buffers and RoPE `inv_freq` buffers are ignored.
    public convenience init(config: ModelConfig, safetensors files: [SafetensorsFile]) throws {
        try self.init(config: config)
        let byName = Dictionary(uniqueKeysWithValues: layout.tensors.map { ($0.name, $0) })
        var seen = Set<String>()
        for entry in files.flatMap(\.tensors) {
            var name = entry.name
            if config.family == .gpt2, name.hasPrefix("transformer.") { name = String(name.dropFirst(12)) }
            if Self.isDerived(name, config) { continue }
            guard let tensor = byName[name] else {
                throw ModelError(.invalidCheckpoint, "unexpected tensor `\(entry.name)` for a \(config.modelType) model. "
                                 + "HINT: the weights belong to another architecture or config.json does not match them")
            }
            guard entry.shape == tensor.shape else {
                throw ModelError(.invalidCheckpoint, "tensor `\(entry.name)` has shape \(entry.shape) but the "
                                 + "config needs \(tensor.shape). HINT: use the config.json saved with the weights")
            }
            guard seen.insert(name).inserted else {
                throw ModelError(.invalidCheckpoint, "tensor `\(entry.name)` appears twice in the weights")
            }
            do {
                try setTensor(named: name, values: try entry.floats())
            } catch let error as SafetensorsError {
                throw ModelError(.invalidCheckpoint, "tensor `\(entry.name)`: \(error)")
            }
        }
        if let missing = layout.tensors.first(where: { !seen.contains($0.name) }) {
            throw ModelError(.invalidCheckpoint, "the weights lack tensor `\(missing.name)`. "
                             + "HINT: the file is incomplete or for another architecture")
        }
    }

    /// One safetensors file; see `init(config:safetensors:)`.
    public convenience init(config: ModelConfig, safetensors file: SafetensorsFile) throws {
        try self.init(config: config, safetensors: [file])
    }

    /// Tensors HF files may hold that the model computes or shares instead of storing.
    private static func isDerived(_ name: String, _ config: ModelConfig) -> Bool {
        switch config.family {
        case .gpt2:
            return name == "lm_head.weight" || name.hasSuffix(".attn.bias") || name.hasSuffix(".attn.masked_bias")
        case .llama:
            return (config.tiedEmbeddings && name == "lm_head.weight") || name.hasSuffix("rotary_emb.inv_freq")
        }
    }

    /// All weights as F32 safetensors with HF names; a tied output layer is not repeated as `lm_head.weight`.
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
        if case .frequencyDivisors = config.ropeScaling {
            throw ModelError(.unsupportedModel, "this model's RoPE scaling is the per-pair divisors of a GGUF file, "
                             + "which HF's config.json cannot express (it stores the llama3 rule's four numbers instead)",
                             hint: "export it with --format gguf, which keeps rope_freqs.weight")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(config).write(to: directory.appendingPathComponent("config.json"), options: .atomic)
            // What `generate` stops at; HF reads it from here, not from config.json.
            let generation = ["bos_token_id": config.bosTokenId, "eos_token_id": config.eosTokenId]
            try encoder.encode(generation).write(to: directory.appendingPathComponent("generation_config.json"), options: .atomic)
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
