/// `ModelConfig` as an HF `config.json`, read and written with the keys `transformers` uses.
///
/// GPT-2 (`model_type` "gpt2" or absent), defaults from `ModelConfig.default`: `vocab_size`, `n_positions`
/// (or `n_ctx`), `n_layer`, `n_head`, `n_embd`, `layer_norm_epsilon` (1e-5), `bos_token_id` / `eos_token_id`
/// (vocab_size − 1); `activation_function` must be `gelu_new`.
///
/// Llama family (`model_type` "llama", "qwen2", "mistral"): `vocab_size`, `hidden_size`, `intermediate_size`,
/// `num_hidden_layers`, `num_attention_heads` are required; `num_key_value_heads` (heads), `head_dim` (C/NH),
/// `max_position_embeddings` (2048), `rms_norm_eps` (1e-6), `rope_theta` or `rope_parameters.rope_theta`
/// (10000), `rope_scaling` / `rope_parameters` of type default, linear or llama3, `tie_word_embeddings`
/// (false), `attention_bias` (false; always true for qwen2), `bos_token_id` / `eos_token_id` (an EOS list
/// takes its first id). A sliding window (Mistral, Qwen2) shorter than the context becomes the context
/// length, where windowed and full attention agree. `hidden_act` must be `silu` and `mlp_bias` false.
extension ModelConfig: Codable {
    /// The Llama-family `model_type`s and the HF class each is written back as.
    static let llamaArchitectures = ["llama": "LlamaForCausalLM", "qwen2": "Qwen2ForCausalLM",
                                     "mistral": "MistralForCausalLM"]

    /// Any `config.json` key.
    struct Key: CodingKey {
        let stringValue: String
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    /// Decodes an HF `config.json` of either family.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let type = try c.decodeIfPresent(String.self, forKey: Key("model_type")) ?? "gpt2"
        if type == "gpt2" {
            self = try Self.decodeGPT2(c)
        } else if Self.llamaArchitectures[type] != nil {
            self = try Self.decodeLlama(c, modelType: type)
        } else {
            throw ModelError(.invalidConfig, "config `model_type` is \"\(type)\"; supported: gpt2, "
                             + Self.llamaArchitectures.keys.sorted().joined(separator: ", "),
                             hint: "import a GPT-2 or Llama-family model (Llama, SmolLM, Mistral, Qwen2)")
        }
    }

    private static func decodeGPT2(_ c: KeyedDecodingContainer<Key>) throws -> ModelConfig {
        func value<T: Decodable>(_ key: String, _ type: T.Type = T.self) throws -> T? {
            try c.decodeIfPresent(T.self, forKey: Key(key))
        }
        let base = ModelConfig.default
        let vocab = try value("vocab_size", Int.self) ?? base.vocabSize
        if let act = try value("activation_function", String.self), !["gelu_new", "gelu_pytorch_tanh"].contains(act) {
            throw ModelError(.invalidConfig, "config `activation_function` is \"\(act)\"; only \"gelu_new\" is supported")
        }
        return ModelConfig(vocabSize: vocab,
                           contextLength: try value("n_positions") ?? value("n_ctx") ?? base.contextLength,
                           layers: try value("n_layer") ?? base.layers, heads: try value("n_head") ?? base.heads,
                           width: try value("n_embd") ?? base.width,
                           layerNormEpsilon: try value("layer_norm_epsilon") ?? 1e-5,
                           bosTokenId: try value("bos_token_id"), eosTokenId: try value("eos_token_id"))
    }

    private static func decodeLlama(_ c: KeyedDecodingContainer<Key>, modelType: String) throws -> ModelConfig {
        func value<T: Decodable>(_ key: String, _ type: T.Type = T.self) throws -> T? {
            try c.decodeIfPresent(T.self, forKey: Key(key))
        }
        func required(_ key: String) throws -> Int {
            guard let v = try value(key, Int.self) else {
                throw ModelError(.invalidConfig, "config.json of a \(modelType) model lacks `\(key)`",
                                 hint: "use the config.json saved with the weights")
            }
            return v
        }
        if let act = try value("hidden_act", String.self), act != "silu" {
            throw ModelError(.invalidConfig, "config `hidden_act` is \"\(act)\"; the Llama family here uses \"silu\"")
        }
        if try value("mlp_bias", Bool.self) == true {
            throw ModelError(.invalidConfig, "config `mlp_bias` is true; MLP biases are not implemented")
        }
        let heads = try required("num_attention_heads"), width = try required("hidden_size")
        let parameters = try value("rope_parameters", RopeParameters.self)
        let legacy = try value("rope_scaling", RopeParameters.self)
        let theta = try value("rope_theta", Float.self) ?? parameters?.ropeTheta ?? 10_000
        var scaling = try (legacy ?? parameters)?.scaling() ?? RopeScaling.none
        if let divisors = try value("rope_frequency_divisors", [Float].self) { scaling = .frequencyDivisors(divisors) }
        var context = try value("max_position_embeddings", Int.self) ?? 2048
        let usesWindow = try value("use_sliding_window", Bool.self) ?? false
        let windowed = modelType == "mistral" || usesWindow
        if windowed, let window = try value("sliding_window", Int.self), window < context { context = window }
        let eos = try value("eos_token_id", TokenIDs.self)?.first ?? 2
        let biased = try value("attention_bias", Bool.self) ?? false
        let config = ModelConfig.llama(
            modelType: modelType, vocabSize: try required("vocab_size"), contextLength: context,
            layers: try required("num_hidden_layers"), width: width, ffnWidth: try required("intermediate_size"),
            heads: heads, kvHeads: try value("num_key_value_heads") ?? heads, headDim: try value("head_dim"),
            rmsNormEpsilon: try value("rms_norm_eps") ?? 1e-6, ropeBase: theta, ropeScaling: scaling,
            tiedEmbeddings: try value("tie_word_embeddings") ?? false,
            attentionBias: modelType == "qwen2" || biased,
            bosTokenId: try value("bos_token_id", TokenIDs.self)?.first ?? eos, eosTokenId: eos)
        return config
    }

    /// Encodes as an HF `config.json` that `transformers` loads as the family's class.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        func put<T: Encodable>(_ key: String, _ value: T) throws { try c.encode(value, forKey: Key(key)) }
        try put("model_type", modelType)
        try put("vocab_size", vocabSize)
        try put("bos_token_id", bosTokenId)
        try put("eos_token_id", eosTokenId)
        switch family {
        case .gpt2:
            try put("architectures", ["GPT2LMHeadModel"])
            try put("activation_function", "gelu_new")
            try put("n_positions", contextLength)
            try put("n_ctx", contextLength)
            try put("n_layer", layers)
            try put("n_head", heads)
            try put("n_embd", width)
            try put("layer_norm_epsilon", layerNormEpsilon)
        case .llama:
            try put("architectures", [Self.llamaArchitectures[modelType] ?? "LlamaForCausalLM"])
            try put("hidden_act", "silu")
            try put("hidden_size", width)
            try put("intermediate_size", ffnWidth)
            try put("num_hidden_layers", layers)
            try put("num_attention_heads", heads)
            try put("num_key_value_heads", kvHeads)
            try put("head_dim", headDim)
            try put("max_position_embeddings", contextLength)
            try put("rms_norm_eps", layerNormEpsilon)
            try put("tie_word_embeddings", tiedEmbeddings)
            try put("attention_bias", attentionBias)
            try put("mlp_bias", false)
            try put("rope_theta", ropeBase)
            try put("rope_parameters", RopeParameters(theta: ropeBase, scaling: ropeScaling))
            if case .frequencyDivisors(let divisors) = ropeScaling {
                // GGUF's baked Llama 3.1 form has no HF spelling; kept so activetune reads its own checkpoints.
                try put("rope_frequency_divisors", divisors)
            }
        }
    }
}

/// An `eos_token_id` / `bos_token_id` value: one id, a list of ids, or null.
private struct TokenIDs: Decodable {
    let first: Int32?
    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            first = nil
        } else if let one = try? c.decode(Int32.self) {
            first = one
        } else {
            first = try c.decode([Int32].self).first
        }
    }
}

/// HF's `rope_parameters` (transformers 5) or legacy `rope_scaling` object.
struct RopeParameters: Codable {
    var ropeTheta: Float?
    var ropeType: String?
    var type: String?
    var factor: Float?
    var lowFreqFactor: Float?
    var highFreqFactor: Float?
    var originalMaxPositionEmbeddings: Int?

    enum CodingKeys: String, CodingKey {
        case ropeTheta = "rope_theta", ropeType = "rope_type", type, factor
        case lowFreqFactor = "low_freq_factor", highFreqFactor = "high_freq_factor"
        case originalMaxPositionEmbeddings = "original_max_position_embeddings"
    }

    init(theta: Float, scaling: RopeScaling) {
        ropeTheta = theta
        switch scaling {
        case .none, .frequencyDivisors:
            ropeType = "default"
        case .linear(let factor):
            ropeType = "linear"
            self.factor = factor
        case .llama3(let factor, let low, let high, let original):
            ropeType = "llama3"
            self.factor = factor
            lowFreqFactor = low
            highFreqFactor = high
            originalMaxPositionEmbeddings = original
        }
    }

    /// The scaling these parameters describe; throws for the kinds the engine does not implement.
    func scaling() throws -> RopeScaling {
        switch ropeType ?? type ?? "default" {
        case "default":
            return .none
        case "linear":
            return .linear(factor: factor ?? 1)
        case "llama3":
            guard let factor, let lowFreqFactor, let highFreqFactor, let originalMaxPositionEmbeddings else {
                throw ModelError(.invalidConfig, "config `rope_scaling` of type llama3 lacks factor, low_freq_factor, "
                                 + "high_freq_factor or original_max_position_embeddings")
            }
            return .llama3(factor: factor, lowFreqFactor: lowFreqFactor, highFreqFactor: highFreqFactor,
                           originalContextLength: originalMaxPositionEmbeddings)
        case let other:
            throw ModelError(.invalidConfig, "config RoPE scaling `\(other)` is not implemented",
                             hint: "implemented: default, linear, llama3 (YaRN, dynamic NTK and LongRoPE are not)")
        }
    }
}
