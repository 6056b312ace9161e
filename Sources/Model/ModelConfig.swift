/// The shape of a decoder-only transformer of one of the two families the engine runs; encodes to and decodes
/// from a Hugging Face `config.json` (see `ModelConfig+HuggingFace.swift` for the keys).
///
/// - `gpt2`: LayerNorm with biases, learned position embeddings, GELU MLP of width 4C, biases everywhere,
///   tied embeddings (GPT-2, 2019).
/// - `llama`: RMSNorm, rotary position embeddings, SwiGLU MLP, grouped-query attention, no biases except
///   optional q/k/v ones (Qwen2), tied or untied embeddings: Llama 2/3, SmolLM, Mistral, Qwen2.
///
/// Short names follow llm.c: V vocabulary, T context, L layers, C width, NH query heads, KV key/value heads,
/// hd head dimension, F feed-forward width.
public struct ModelConfig: Sendable, Equatable {
    /// The block design, which decides the kernels and the tensors.
    public enum Family: String, Sendable, Equatable {
        /// GPT-2.
        case gpt2
        /// Llama and its relatives (SmolLM, Mistral, Qwen2).
        case llama
    }

    /// The block design.
    public var family: Family
    /// HF `model_type` this config came from and is written back as (`gpt2`, `llama`, `qwen2`, `mistral`).
    public var modelType: String
    /// Number of token ids (V).
    public var vocabSize: Int
    /// Maximum sequence length, a hard limit (T).
    public var contextLength: Int
    /// Number of transformer blocks (L).
    public var layers: Int
    /// Number of query heads (NH).
    public var heads: Int
    /// Embedding width (C).
    public var width: Int
    /// The normalisation epsilon: LayerNorm's for GPT-2, RMSNorm's for the Llama family.
    public var layerNormEpsilon: Float
    /// Beginning-of-text token id.
    public var bosTokenId: Int32
    /// End-of-text token id; decoding stops at it and scored targets end with it.
    public var eosTokenId: Int32
    /// Key/value heads (KV); fewer than `heads` is grouped-query attention. GPT-2: `heads`.
    public var kvHeads: Int
    /// Per-head dimension (hd); C/NH unless a Llama-family config sets `head_dim`.
    public var headDim: Int
    /// Feed-forward hidden width (F): 4C for GPT-2, `intermediate_size` for the Llama family.
    public var ffnWidth: Int
    /// RoPE base θ (Llama family; 0 for GPT-2, which has learned positions).
    public var ropeBase: Float
    /// RoPE frequency scaling (Llama family).
    public var ropeScaling: RopeScaling
    /// Whether the output layer reuses the token embedding. GPT-2: always.
    public var tiedEmbeddings: Bool
    /// Whether the q/k/v projections have biases: GPT-2 and Qwen2 yes, Llama no.
    public var attentionBias: Bool

    /// A GPT-2 configuration; special tokens default to the last id, as in GPT-2.
    public init(vocabSize: Int, contextLength: Int, layers: Int, heads: Int, width: Int,
                layerNormEpsilon: Float = 1e-5, bosTokenId: Int32? = nil, eosTokenId: Int32? = nil) {
        family = .gpt2
        modelType = "gpt2"
        self.vocabSize = vocabSize
        self.contextLength = contextLength
        self.layers = layers
        self.heads = heads
        self.width = width
        self.layerNormEpsilon = layerNormEpsilon
        self.bosTokenId = bosTokenId ?? Int32(clamping: vocabSize - 1)
        self.eosTokenId = eosTokenId ?? Int32(clamping: vocabSize - 1)
        kvHeads = heads
        headDim = heads > 0 ? width / heads : 0
        ffnWidth = 4 * width
        ropeBase = 0
        ropeScaling = .none
        tiedEmbeddings = true
        attentionBias = true
    }

    /// A Llama-family configuration (`modelType` `llama`, `qwen2` or `mistral`).
    public static func llama(modelType: String = "llama", vocabSize: Int, contextLength: Int, layers: Int,
                             width: Int, ffnWidth: Int, heads: Int, kvHeads: Int, headDim: Int? = nil,
                             rmsNormEpsilon: Float = 1e-5, ropeBase: Float = 10_000, ropeScaling: RopeScaling = .none,
                             tiedEmbeddings: Bool = true, attentionBias: Bool = false,
                             bosTokenId: Int32 = 1, eosTokenId: Int32 = 2) -> ModelConfig {
        var config = ModelConfig(vocabSize: vocabSize, contextLength: contextLength, layers: layers, heads: heads,
                                 width: width, layerNormEpsilon: rmsNormEpsilon, bosTokenId: bosTokenId,
                                 eosTokenId: eosTokenId)
        config.family = .llama
        config.modelType = modelType
        config.kvHeads = kvHeads
        config.headDim = headDim ?? (heads > 0 ? width / heads : 0)
        config.ffnWidth = ffnWidth
        config.ropeBase = ropeBase
        config.ropeScaling = ropeScaling
        config.tiedEmbeddings = tiedEmbeddings
        config.attentionBias = attentionBias
        return config
    }

    /// Bench configuration S: vocab 512, context 128, 4 layers, 4 heads, width 256.
    public static let small = ModelConfig(vocabSize: 512, contextLength: 128, layers: 4, heads: 4, width: 256)
    /// Bench configuration M: vocab 8192, context 256, 6 layers, 6 heads, width 384.
    public static let medium = ModelConfig(vocabSize: 8192, contextLength: 256, layers: 6, heads: 6, width: 384)
    /// GPT-2 124M: vocab 50257, context 1024, 12 layers, 12 heads, width 768.
    public static let gpt2 = ModelConfig(vocabSize: 50257, contextLength: 1024, layers: 12, heads: 12, width: 768)
    /// SmolLM2-135M (bench configuration L): vocab 49152, 30 layers, width 576, FFN 1536, 9 query and 3
    /// key/value heads, RoPE base 100000, tied embeddings; the context is the model's 8192.
    public static let smolLM2 = ModelConfig.llama(vocabSize: 49152, contextLength: 8192, layers: 30, width: 576,
                                                  ffnWidth: 1536, heads: 9, kvHeads: 3, ropeBase: 100_000)
    /// The embedded default model: the 8192-token vocabulary, a 1024-token context and a small body
    /// (4 layers, 4 heads, width 256, 7.5M parameters) so a task scores in seconds on 2 cores.
    public static let `default` = ModelConfig(vocabSize: 8192, contextLength: 1024, layers: 4, heads: 4, width: 256)

    /// Query projection width, NH·hd (C for GPT-2).
    public var qWidth: Int { heads * headDim }
    /// Key (and value) projection width, KV·hd.
    public var kvWidth: Int { kvHeads * headDim }
    /// Width of the fused q|k|v projection, (NH + 2·KV)·hd (3C for GPT-2).
    public var qkvWidth: Int { qWidth + 2 * kvWidth }

    /// Checks every value; throws naming the key and the allowed range.
    public func validate() throws {
        let names = family == .gpt2 ? Self.gpt2Keys : Self.llamaKeys
        func check(_ ok: Bool, _ key: KeyPath<ConfigKeyNames, String>, _ rule: String) throws {
            if !ok {
                throw ModelError(.invalidConfig, "config key `\(names[keyPath: key])` must be \(rule)",
                                 hint: "fix config.json")
            }
        }
        try check(vocabSize >= 2 && vocabSize <= 1 << 24, \.vocab, "in 2...16777216, got \(vocabSize)")
        try check(contextLength >= 1 && contextLength <= 1 << 17, \.context, "in 1...131072, got \(contextLength)")
        try check(layers >= 1 && layers <= 256, \.layers, "in 1...256, got \(layers)")
        try check(width >= 1 && width <= 1 << 14, \.width, "in 1...16384, got \(width)")
        try check(layerNormEpsilon > 0 && layerNormEpsilon < 1, \.epsilon, "in (0, 1)")
        try check(bosTokenId >= 0 && Int(bosTokenId) < vocabSize, \.bos, "a token id below \(vocabSize)")
        try check(eosTokenId >= 0 && Int(eosTokenId) < vocabSize, \.eos, "a token id below \(vocabSize)")
        switch family {
        case .gpt2:
            try check(heads >= 1 && width % heads == 0, \.heads, "at least 1 and divide n_embd (\(width)), got \(heads)")
        case .llama:
            try check(heads >= 1, \.heads, "at least 1, got \(heads)")
            try check(kvHeads >= 1 && heads % kvHeads == 0, \.kvHeads,
                      "at least 1 and divide num_attention_heads (\(heads)), got \(kvHeads)")
            try check(headDim >= 2 && headDim % 2 == 0, \.headDim, "even and at least 2 (RoPE rotates pairs), got \(headDim)")
            try check(ffnWidth >= 1 && ffnWidth <= 1 << 17, \.ffn, "in 1...131072, got \(ffnWidth)")
            try check(ropeBase > 1, \.rope, "above 1, got \(ropeBase)")
            if let problem = ropeScaling.problem(headDim: headDim) {
                throw ModelError(.invalidConfig, "config key `rope_scaling`: \(problem)",
                                 hint: "copy rope_scaling from the model's own config.json")
            }
        }
    }

    /// The HF key of each checked value, per family, so a message names the key the user's file has.
    struct ConfigKeyNames {
        var context: String, layers: String, width: String, epsilon: String, heads: String
        var vocab = "vocab_size"
        var bos = "bos_token_id"
        var eos = "eos_token_id"
        var kvHeads = "num_key_value_heads"
        var headDim = "head_dim"
        var ffn = "intermediate_size"
        var rope = "rope_theta"
    }

    static let gpt2Keys = ConfigKeyNames(context: "n_positions", layers: "n_layer", width: "n_embd",
                                         epsilon: "layer_norm_epsilon", heads: "n_head")
    static let llamaKeys = ConfigKeyNames(context: "max_position_embeddings", layers: "num_hidden_layers",
                                          width: "hidden_size", epsilon: "rms_norm_eps", heads: "num_attention_heads")
}
