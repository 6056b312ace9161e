/// The shape of a GPT-2-family model; encodes to and decodes from a Hugging Face `config.json`.
///
/// Keys (HF name, type, default): `vocab_size` Int 8192, `n_positions` (or `n_ctx`) Int 1024,
/// `n_layer` Int 4, `n_head` Int 4, `n_embd` Int 256, `layer_norm_epsilon` Float 1e-5,
/// `bos_token_id` / `eos_token_id` Int (vocabSize - 1). Encoding adds `model_type` "gpt2",
/// `architectures` ["GPT2LMHeadModel"] and `activation_function` "gelu_new" so HF tools load it.
public struct ModelConfig: Codable, Sendable, Equatable {
    /// Number of token ids (V).
    public var vocabSize: Int
    /// Maximum sequence length, a hard limit (T).
    public var contextLength: Int
    /// Number of transformer blocks (L).
    public var layers: Int
    /// Number of attention heads (NH); must divide `width`.
    public var heads: Int
    /// Embedding width (C).
    public var width: Int
    /// LayerNorm epsilon.
    public var layerNormEpsilon: Float
    /// Beginning-of-text token id.
    public var bosTokenId: Int32
    /// End-of-text token id; decoding stops at it and scored targets end with it.
    public var eosTokenId: Int32

    /// Makes a configuration; special tokens default to the last id, as in GPT-2.
    public init(vocabSize: Int, contextLength: Int, layers: Int, heads: Int, width: Int,
                layerNormEpsilon: Float = 1e-5, bosTokenId: Int32? = nil, eosTokenId: Int32? = nil) {
        self.vocabSize = vocabSize
        self.contextLength = contextLength
        self.layers = layers
        self.heads = heads
        self.width = width
        self.layerNormEpsilon = layerNormEpsilon
        self.bosTokenId = bosTokenId ?? Int32(clamping: vocabSize - 1)
        self.eosTokenId = eosTokenId ?? Int32(clamping: vocabSize - 1)
    }

    /// Bench configuration S: vocab 512, context 128, 4 layers, 4 heads, width 256.
    public static let small = ModelConfig(vocabSize: 512, contextLength: 128, layers: 4, heads: 4, width: 256)
    /// Bench configuration M: vocab 8192, context 256, 6 layers, 6 heads, width 384.
    public static let medium = ModelConfig(vocabSize: 8192, contextLength: 256, layers: 6, heads: 6, width: 384)
    /// GPT-2 124M: vocab 50257, context 1024, 12 layers, 12 heads, width 768.
    public static let gpt2 = ModelConfig(vocabSize: 50257, contextLength: 1024, layers: 12, heads: 12, width: 768)
    /// The embedded default model: the 8192-token vocabulary, a 1024-token context and a small body
    /// (4 layers, 4 heads, width 256, 7.5M parameters) so a task scores in seconds on 2 cores.
    public static let `default` = ModelConfig(vocabSize: 8192, contextLength: 1024, layers: 4, heads: 4, width: 256)

    /// Width of one attention head (hs = C / NH).
    public var headSize: Int { width / heads }

    /// Checks every value; throws naming the key and the allowed range.
    public func validate() throws {
        func check(_ ok: Bool, _ key: String, _ rule: String) throws {
            if !ok {
                throw ModelError(.invalidConfig, "config key `\(key)` must be \(rule). HINT: fix config.json")
            }
        }
        try check(vocabSize >= 2 && vocabSize <= 1 << 24, "vocab_size", "in 2...16777216, got \(vocabSize)")
        try check(contextLength >= 1 && contextLength <= 1 << 16, "n_positions", "in 1...65536, got \(contextLength)")
        try check(layers >= 1 && layers <= 256, "n_layer", "in 1...256, got \(layers)")
        try check(heads >= 1 && width % heads == 0, "n_head", "at least 1 and divide n_embd (\(width)), got \(heads)")
        try check(width >= 1 && width <= 1 << 14, "n_embd", "in 1...16384, got \(width)")
        try check(layerNormEpsilon > 0 && layerNormEpsilon < 1, "layer_norm_epsilon", "in (0, 1)")
        try check(bosTokenId >= 0 && Int(bosTokenId) < vocabSize, "bos_token_id", "a token id below \(vocabSize)")
        try check(eosTokenId >= 0 && Int(eosTokenId) < vocabSize, "eos_token_id", "a token id below \(vocabSize)")
    }

    private enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size", nPositions = "n_positions", nCtx = "n_ctx", layers = "n_layer"
        case heads = "n_head", width = "n_embd", layerNormEpsilon = "layer_norm_epsilon"
        case bosTokenId = "bos_token_id", eosTokenId = "eos_token_id", modelType = "model_type"
        case architectures, activationFunction = "activation_function"
    }

    /// Decodes an HF GPT-2 `config.json`; missing keys take the documented defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let base = ModelConfig.default
        let vocab = try c.decodeIfPresent(Int.self, forKey: .vocabSize) ?? base.vocabSize
        let context = try c.decodeIfPresent(Int.self, forKey: .nPositions)
            ?? c.decodeIfPresent(Int.self, forKey: .nCtx) ?? base.contextLength
        self.init(vocabSize: vocab, contextLength: context,
                  layers: try c.decodeIfPresent(Int.self, forKey: .layers) ?? base.layers,
                  heads: try c.decodeIfPresent(Int.self, forKey: .heads) ?? base.heads,
                  width: try c.decodeIfPresent(Int.self, forKey: .width) ?? base.width,
                  layerNormEpsilon: try c.decodeIfPresent(Float.self, forKey: .layerNormEpsilon) ?? 1e-5,
                  bosTokenId: try c.decodeIfPresent(Int32.self, forKey: .bosTokenId),
                  eosTokenId: try c.decodeIfPresent(Int32.self, forKey: .eosTokenId))
        if let type = try c.decodeIfPresent(String.self, forKey: .modelType), type != "gpt2" {
            throw ModelError(.invalidConfig, "config `model_type` is \"\(type)\"; only \"gpt2\" is supported")
        }
        if let act = try c.decodeIfPresent(String.self, forKey: .activationFunction),
           !["gelu_new", "gelu_pytorch_tanh"].contains(act) {
            throw ModelError(.invalidConfig, "config `activation_function` is \"\(act)\"; only \"gelu_new\" is supported")
        }
    }

    /// Encodes as an HF GPT-2 `config.json`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("gpt2", forKey: .modelType)
        try c.encode(["GPT2LMHeadModel"], forKey: .architectures)
        try c.encode("gelu_new", forKey: .activationFunction)
        try c.encode(vocabSize, forKey: .vocabSize)
        try c.encode(contextLength, forKey: .nPositions)
        try c.encode(contextLength, forKey: .nCtx)
        try c.encode(layers, forKey: .layers)
        try c.encode(heads, forKey: .heads)
        try c.encode(width, forKey: .width)
        try c.encode(layerNormEpsilon, forKey: .layerNormEpsilon)
        try c.encode(bosTokenId, forKey: .bosTokenId)
        try c.encode(eosTokenId, forKey: .eosTokenId)
    }
}
