import Safetensors

/// One model version: tensors plus everything needed to use and explain them.
///
/// Stored as a safetensors file whose `__metadata__` holds `format` = `pt` (so Hugging Face loaders
/// accept it), `activetune.config`, `activetune.tokenizer`, `activetune.provenance` (JSON) and
/// `activetune.storage` (`f32`, or `bf16` when float32 tensors were stored as bfloat16), plus the
/// caller's free-form keys.
public struct Checkpoint: Sendable, Equatable {
    /// The tensors, e.g. GPT-2's Hugging Face names (`wte.weight`, `h.0.attn.c_attn.weight`, ...);
    /// a loaded checkpoint has them sorted by name, as the file stores them.
    public var tensors: [TensorEntry]
    /// The model configuration, as the caller serialises it (JSON recommended).
    public var config: String
    /// The tokenizer (e.g. its vocabulary and merges as JSON, or a hash naming files stored beside it).
    public var tokenizer: String
    /// What produced these weights.
    public var provenance: Provenance
    /// Free-form metadata; keys must not start with `activetune.` or be `format`.
    public var metadata: [String: String]

    /// Metadata keys the checkpoint format owns.
    public enum Key {
        /// The Hugging Face format marker; always `pt`.
        public static let format = "format"
        /// The model configuration.
        public static let config = "activetune.config"
        /// The tokenizer.
        public static let tokenizer = "activetune.tokenizer"
        /// The provenance JSON.
        public static let provenance = "activetune.provenance"
        /// How float tensors are stored: `f32` or `bf16`.
        public static let storage = "activetune.storage"
    }

    /// Makes a checkpoint.
    public init(tensors: [TensorEntry], config: String, tokenizer: String, provenance: Provenance,
                metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.config = config
        self.tokenizer = tokenizer
        self.provenance = provenance
        self.metadata = metadata
    }

    /// The tensor with this name, if any.
    public func tensor(named name: String) -> TensorEntry? {
        tensors.first { $0.name == name }
    }

    /// The safetensors file that holds this checkpoint, with float32 tensors kept or narrowed to bfloat16.
    public func safetensors(storage: TensorStorage = .float32) throws(CheckpointError) -> SafetensorsFile {
        if let reserved = metadata.keys.first(where: { $0 == Key.format || $0.hasPrefix("activetune.") }) {
            throw CheckpointError(.invalidArgument, "metadata key '\(reserved)' is reserved for the checkpoint format",
                                  hint: "rename the key; `format` and `activetune.*` belong to activetune")
        }
        var all = metadata
        all[Key.format] = "pt"
        all[Key.config] = config
        all[Key.tokenizer] = tokenizer
        all[Key.provenance] = try provenance.json()
        all[Key.storage] = storage.rawValue
        do {
            return try SafetensorsFile(tensors: storage.encode(tensors), metadata: all)
        } catch {
            throw CheckpointError(.invalidArgument, "the tensors cannot form a checkpoint: \(error.message)",
                                  hint: error.hint)
        }
    }

    /// Reads a checkpoint back from its safetensors file; `source` names the file in errors.
    public init(safetensors file: SafetensorsFile, source: String) throws(CheckpointError) {
        var metadata = file.metadata
        guard let config = metadata.removeValue(forKey: Key.config),
              let tokenizer = metadata.removeValue(forKey: Key.tokenizer),
              let provenanceJSON = metadata.removeValue(forKey: Key.provenance) else {
            throw CheckpointError(.corrupt, "\(source) is a safetensors file without activetune metadata "
                                  + "(\(Key.config), \(Key.tokenizer), \(Key.provenance))",
                                  hint: "only files written by activetune can be loaded as checkpoints")
        }
        do {
            provenance = try Provenance.decode(provenanceJSON)
        } catch {
            throw CheckpointError(.corrupt, "\(source) has unreadable provenance: \(error)",
                                  hint: "the file is damaged; roll back with `activetune rollback`")
        }
        metadata.removeValue(forKey: Key.format)
        metadata.removeValue(forKey: Key.storage)
        self.tensors = file.tensors
        self.config = config
        self.tokenizer = tokenizer
        self.metadata = metadata
    }
}
