/// The hyperparameters of a Llama-family decoder (Llama 2/3, SmolLM, Mistral-as-llama, Qwen2).
///
/// Short names follow llm.c: L layers, C width, F FFN width, NH query heads, KV key/value heads,
/// hd head dimension, V vocabulary.
public struct LlamaConfig: Sendable, Equatable {
    /// How the Q and K weight rows are ordered within each head, which decides how RoPE pairs dimensions.
    public enum QKLayout: Sendable, Equatable {
        /// HF order: RoPE rotates dimension i with i + hd/2 ("rotate half"). Qwen2 GGUFs and HF checkpoints.
        case rotateHalf
        /// llama.cpp's `llama` converter order: rows permuted so RoPE rotates adjacent pairs (2i, 2i+1).
        /// The loader undoes it (see `LlamaParameters`), so kernels only ever see `rotateHalf`.
        case interleavedPairs
    }

    /// GGUF `general.architecture`, the prefix of the architecture keys (`llama` or `qwen2`).
    public var architecture: String
    /// Transformer blocks (L).
    public var layers: Int
    /// Residual stream width (C).
    public var width: Int
    /// SwiGLU hidden width (F).
    public var ffnWidth: Int
    /// Query heads (NH).
    public var heads: Int
    /// Key/value heads (KV); fewer than `heads` is grouped-query attention, each serving heads/KV query heads.
    public var kvHeads: Int
    /// Per-head dimension (hd); usually C/NH, but GGUF `attention.key_length` can set it otherwise.
    public var headDim: Int
    /// Vocabulary size (V).
    public var vocabSize: Int
    /// Longest sequence the model was trained for; `logits` rejects longer ones.
    public var contextLength: Int
    /// RMSNorm epsilon.
    public var rmsNormEps: Float
    /// RoPE base θ.
    public var ropeBase: Float
    /// RoPE frequency scaling.
    public var ropeScaling: RopeScaling
    /// Whether the LM head reuses the token embedding (no `output.weight`).
    public var tiedEmbeddings: Bool
    /// Whether q/k/v projections have biases (Qwen2).
    public var attentionBias: Bool
    /// How the stored Q/K rows are ordered; the loader converts `interleavedPairs` to `rotateHalf`.
    public var qkLayout: QKLayout

    /// Makes a config from explicit values and validates it (tests and HF configs use this).
    public init(architecture: String = "llama", layers: Int, width: Int, ffnWidth: Int, heads: Int, kvHeads: Int,
                headDim: Int? = nil, vocabSize: Int, contextLength: Int, rmsNormEps: Float = 1e-5,
                ropeBase: Float = 10_000, ropeScaling: RopeScaling = .none, tiedEmbeddings: Bool = true,
                attentionBias: Bool = false, qkLayout: QKLayout = .rotateHalf) throws(LlamaError) {
        try self.init(architecture: architecture, layers: layers, width: width, ffnWidth: ffnWidth, heads: heads,
                      kvHeads: kvHeads, headDim: headDim, vocabSize: vocabSize, contextLength: contextLength,
                      rmsNormEps: rmsNormEps, ropeBase: ropeBase, ropeScaling: ropeScaling,
                      tiedEmbeddings: tiedEmbeddings, attentionBias: attentionBias, qkLayout: qkLayout, source: "config")
    }

    /// The memberwise init; `source` names where the values came from in validation errors.
    init(architecture: String, layers: Int, width: Int, ffnWidth: Int, heads: Int, kvHeads: Int, headDim: Int?,
         vocabSize: Int, contextLength: Int, rmsNormEps: Float, ropeBase: Float, ropeScaling: RopeScaling,
         tiedEmbeddings: Bool, attentionBias: Bool, qkLayout: QKLayout, source: String) throws(LlamaError) {
        self.architecture = architecture
        self.layers = layers
        self.width = width
        self.ffnWidth = ffnWidth
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDim = headDim ?? (heads > 0 ? width / heads : 0)
        self.vocabSize = vocabSize
        self.contextLength = contextLength
        self.rmsNormEps = rmsNormEps
        self.ropeBase = ropeBase
        self.ropeScaling = ropeScaling
        self.tiedEmbeddings = tiedEmbeddings
        self.attentionBias = attentionBias
        self.qkLayout = qkLayout
        try validate(source: source, explicitHeadDim: headDim != nil)
    }

    /// Query projection width, NH·hd (equal to C unless the head dimension is set explicitly).
    public var qWidth: Int { heads * headDim }
    /// Key (and value) projection width, KV·hd.
    public var kvWidth: Int { kvHeads * headDim }
    /// Width of the fused q|k|v projection output, (NH + 2·KV)·hd.
    public var qkvWidth: Int { qWidth + 2 * kvWidth }

    /// Checks the invariants the kernels rely on; `source` names the file or caller in messages.
    func validate(source: String, explicitHeadDim: Bool) throws(LlamaError) {
        let positives: [(String, Int)] = [
            ("layers", layers), ("width", width), ("ffnWidth", ffnWidth), ("heads", heads), ("kvHeads", kvHeads),
            ("vocabSize", vocabSize), ("contextLength", contextLength), ("headDim", headDim),
        ]
        for (name, value) in positives where value <= 0 {
            throw LlamaError(.invalidConfig, "\(source): \(name) is \(value), but it must be positive.",
                             hint: "Check the model's metadata; a converter bug or a truncated file can leave it 0.")
        }
        if !explicitHeadDim, width % heads != 0 {
            throw LlamaError(.invalidConfig,
                             "\(source): width \(width) is not divisible by the \(heads) attention heads.",
                             hint: "Set the head dimension explicitly (GGUF `attention.key_length`) if the model "
                                 + "really uses heads·head_dim ≠ width.")
        }
        if heads % kvHeads != 0 {
            throw LlamaError(.invalidConfig,
                             "\(source): \(heads) query heads cannot be grouped over \(kvHeads) key/value heads.",
                             hint: "Grouped-query attention needs head_count to be a multiple of head_count_kv.")
        }
        if headDim % 2 != 0 {
            throw LlamaError(.invalidConfig, "\(source): head dimension \(headDim) is odd; RoPE rotates pairs.",
                             hint: "Check attention.key_length and head_count.")
        }
        if !(rmsNormEps > 0) || !(ropeBase > 1) {
            throw LlamaError(.invalidConfig,
                             "\(source): RMSNorm epsilon \(rmsNormEps) must be > 0 and RoPE base \(ropeBase) > 1.",
                             hint: "Check layer_norm_rms_epsilon and rope.freq_base in the metadata.")
        }
        switch ropeScaling {
        case .none: break
        case .linear(let factor):
            if !(factor > 0) {
                throw LlamaError(.invalidConfig, "\(source): linear RoPE scaling factor \(factor) must be > 0.",
                                 hint: "Check rope.scaling.factor.")
            }
        case .llama3(let factor, let low, let high, let original):
            if !(factor > 0) || !(high > low) || !(low > 0) || original <= 0 {
                throw LlamaError(.invalidConfig,
                                 "\(source): llama3 RoPE scaling needs factor > 0, 0 < low_freq_factor < high_freq_factor "
                                     + "and original_max_position_embeddings > 0; got \(factor), \(low), \(high), \(original).",
                                 hint: "Copy rope_scaling from the model's config.json.")
            }
        case .frequencyDivisors(let divisors):
            if divisors.count != headDim / 2 || divisors.contains(where: { !($0 > 0) }) {
                throw LlamaError(.invalidConfig,
                                 "\(source): rope_freqs holds \(divisors.count) divisors, expected \(headDim / 2) positive ones.",
                                 hint: "The rope_freqs.weight tensor must have head_dim/2 positive entries; re-convert the model.")
            }
        }
    }
}
