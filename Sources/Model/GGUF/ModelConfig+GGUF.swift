import GGUF

extension ModelConfig {
    /// GGUF architectures this engine runs, with whether their converter permuted the Q/K rows: llama.cpp
    /// permutes them only for `llama` (its RoPE there rotates adjacent pairs); `qwen2` uses NEOX (rotate-half)
    /// RoPE in llama.cpp, so its rows are stored in HF order.
    static let ggufArchitectures: [String: Bool] = ["llama": true, "qwen2": false]

    /// Reads and validates the hyperparameters from GGUF metadata (never assumed), which optional tensors exist
    /// (output.weight, q/k/v biases, rope_freqs.weight), and the tokenizer's BOS and EOS ids.
    public init(gguf file: GGUFFile) throws(ModelError) {
        let arch = try Self.read(file) { () throws(GGUFError) in try file.architecture() }
        guard Self.ggufArchitectures[arch] != nil else {
            throw ModelError(.unsupportedModel,
                             "GGUF file '\(file.path)' has general.architecture '\(arch)'; this engine implements "
                                 + Self.ggufArchitectures.keys.sorted().map { "'\($0)'" }.joined(separator: ", ") + ".",
                             hint: "Use a Llama-family model (Llama 2/3, SmolLM, Mistral converted as llama, Qwen2).")
        }
        func int(_ key: String) throws(ModelError) -> Int {
            try Self.read(file) { () throws(GGUFError) in try file.integer("\(arch).\(key)") }
        }
        func optionalInt(_ key: String) throws(ModelError) -> Int? {
            if file.metadata["\(arch).\(key)"] == nil { return nil }
            return try int(key)
        }
        func optionalTokenID(_ key: String) throws(ModelError) -> Int? {
            if file.metadata[key] == nil { return nil }
            return try Self.read(file) { () throws(GGUFError) in try file.integer(key) }
        }
        func float(_ key: String) throws(ModelError) -> Float {
            Float(try Self.read(file) { () throws(GGUFError) in try file.float("\(arch).\(key)") })
        }

        // Mixture-of-experts files (Mixtral) also say `llama`; their FFN tensors are per expert.
        if let experts = try optionalInt("expert_count"), experts > 0 {
            throw ModelError(.unsupportedModel,
                             "GGUF file '\(file.path)' is a mixture of experts (\(arch).expert_count = \(experts)).",
                             hint: "This engine implements dense Llama models only.")
        }
        let heads = try int("attention.head_count")
        let width = try int("embedding_length")
        let keyLength = try optionalInt("attention.key_length")
        if let valueLength = try optionalInt("attention.value_length"), valueLength != (keyLength ?? valueLength) {
            throw ModelError(.unsupportedModel,
                             "GGUF file '\(file.path)' has key_length \(keyLength ?? 0) ≠ value_length \(valueLength).",
                             hint: "Heads with different key and value sizes (e.g. MLA) are not implemented.")
        }
        let headDim = keyLength ?? (heads > 0 ? width / heads : 0)
        if let rotated = try optionalInt("rope.dimension_count"), rotated != headDim {
            throw ModelError(.unsupportedModel,
                             "GGUF file '\(file.path)' rotates \(rotated) of \(headDim) head dimensions "
                                 + "(\(arch).rope.dimension_count).",
                             hint: "Partial rotary embeddings are not implemented; only full-head RoPE is.")
        }
        let tokens = try Self.read(file) { () throws(GGUFError) in try file.array("tokenizer.ggml.tokens") }.count
        if let declared = try optionalInt("vocab_size"), declared != tokens {
            throw ModelError(.invalidConfig,
                             "GGUF file '\(file.path)' declares \(arch).vocab_size \(declared) but lists \(tokens) tokens.",
                             hint: "The file is inconsistent; re-convert the model.")
        }
        // llama.cpp's default when a converter omits the key (original Llama 2 files).
        var base: Float = 10_000
        if file.metadata["\(arch).rope.freq_base"] != nil { base = try float("rope.freq_base") }

        // A file without a tokenizer (a bare model, as tests write) has no special tokens; the last id stands in.
        let eos = try optionalTokenID("tokenizer.ggml.eos_token_id") ?? tokens - 1
        let bos = try optionalTokenID("tokenizer.ggml.bos_token_id") ?? eos
        self = .llama(
            modelType: arch, vocabSize: tokens, contextLength: try int("context_length"), layers: try int("block_count"),
            width: width, ffnWidth: try int("feed_forward_length"), heads: heads,
            kvHeads: try optionalInt("attention.head_count_kv") ?? heads, headDim: keyLength,
            rmsNormEpsilon: try float("attention.layer_norm_rms_epsilon"), ropeBase: base,
            ropeScaling: try Self.ropeScaling(file, arch: arch, headDim: headDim),
            tiedEmbeddings: file.tensor(named: "output.weight") == nil,
            attentionBias: file.tensor(named: "blk.0.attn_q.bias") != nil,
            bosTokenId: Int32(clamping: bos), eosTokenId: Int32(clamping: eos))
        do {
            try validate()
        } catch let error as ModelError {
            throw ModelError(.invalidConfig, "GGUF file '\(file.path)': \(error.message)",
                             hint: "the file's metadata is inconsistent; re-convert the model")
        } catch {
            throw ModelError(.invalidConfig, "GGUF file '\(file.path)': \(error)")
        }
    }

    /// The RoPE scaling a GGUF file asks for: `rope.scaling.type` (none/linear) and the `rope_freqs.weight`
    /// divisors llama.cpp's converter writes for Llama 3.1-style scaling.
    static func ropeScaling(_ file: GGUFFile, arch: String, headDim: Int) throws(ModelError) -> RopeScaling {
        var scaling = RopeScaling.none
        if file.metadata["\(arch).rope.scaling.type"] != nil {
            let type = try read(file) { () throws(GGUFError) in try file.string("\(arch).rope.scaling.type") }
            switch type {
            case "none":
                break
            case "linear":
                let factor = try read(file) { () throws(GGUFError) in try file.float("\(arch).rope.scaling.factor") }
                if factor != 1 { scaling = .linear(factor: Float(factor)) }
            default:
                throw ModelError(.unsupportedModel,
                                 "GGUF file '\(file.path)' uses RoPE scaling '\(type)' (\(arch).rope.scaling.type).",
                                 hint: "Implemented: none, linear, and Llama 3.1 frequency factors (rope_freqs.weight); "
                                     + "YaRN and LongRoPE are not.")
            }
        }
        guard let freqs = file.tensor(named: "rope_freqs.weight") else { return scaling }
        guard scaling == .none else {
            throw ModelError(.unsupportedModel,
                             "GGUF file '\(file.path)' has both linear RoPE scaling and rope_freqs.weight.",
                             hint: "Combining the two is not implemented; use a file with one or the other.")
        }
        guard freqs.elementCount == headDim / 2 else {
            throw ModelError(.invalidCheckpoint,
                             "GGUF file '\(file.path)': rope_freqs.weight has \(freqs.elementCount) elements, "
                                 + "expected head_dim/2 = \(headDim / 2).",
                             hint: "The file is inconsistent; re-convert the model.")
        }
        return .frequencyDivisors(try read(file) { () throws(GGUFError) in try file.dequantize(freqs) })
    }

    /// Runs a GGUF accessor, turning its error into a ModelError that keeps the GGUF message and hint.
    static func read<T>(_ file: GGUFFile, _ body: () throws(GGUFError) -> T,
                        fileID: String = #fileID, line: Int = #line) throws(ModelError) -> T {
        do {
            return try body()
        } catch {
            throw ModelError(.invalidCheckpoint, "reading GGUF file '\(file.path)': \(error.message)", hint: error.hint,
                             file: fileID, line: line)
        }
    }
}
