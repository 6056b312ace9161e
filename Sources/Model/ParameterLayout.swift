/// One named tensor inside the flat parameter buffer, with its HF GPT-2 name and shape.
public struct ParameterTensor: Sendable, Equatable {
    /// HF name without the `transformer.` prefix, e.g. `h.0.attn.c_attn.weight`.
    public let name: String
    /// Shape in HF layout, e.g. [C, 3C] for `c_attn.weight` (Conv1D, [in,out]).
    public let shape: [Int]
    /// Offset of the first float in the flat buffer.
    public let offset: Int
    /// Whether AdamW applies weight decay (matrices and embeddings; not biases or LayerNorm).
    public let decays: Bool

    /// Number of floats.
    public var count: Int { shape.reduce(1, *) }
}

/// Offsets of one transformer block's tensors in the flat buffer.
///
/// Q, K and V are stored back to back, so one GEMM computes all three projections; likewise the Llama
/// family's gate and up projections (`fcw`, a (2F, C) matrix). The separate HF tensors are named views.
struct LayerOffsets {
    // Both families: the two norms' weights, the fused q|k|v projection (and its bias, if any), the
    // attention output, the MLP's input projection(s) and output projection.
    var ln1w = 0, qkvw = 0, qkvb: Int?, attprojw = 0, ln2w = 0, fcw = 0, fcprojw = 0
    // GPT-2 only: LayerNorm and projection biases.
    var ln1b = 0, attprojb = 0, ln2b = 0, fcb = 0, fcprojb = 0
}

/// Where every tensor lives in the one flat parameter buffer (the llm.c layout idea, HF names).
///
/// GPT-2 names drop `transformer.`, and matrices are Conv1D's (in, out). Llama-family names are HF's in full
/// (`model.layers.0.self_attn.q_proj.weight`), matrices `nn.Linear`'s (out, in). A tied output layer is the
/// token embedding itself, stored once.
struct ParameterLayout: Sendable {
    let tensors: [ParameterTensor]
    let layers: [LayerOffsets]
    /// Token embedding (V,C); the GPT-2 position embedding (T,C), 0 for the Llama family.
    let wte: Int, wpe: Int
    /// Final norm weight, and its bias (GPT-2 only).
    let lnfw: Int, lnfb: Int
    /// The output layer (V,C): `wte` when tied.
    let lmHead: Int
    let count: Int

    init(_ config: ModelConfig) {
        var tensors: [ParameterTensor] = []
        var next = 0
        func add(_ name: String, _ shape: [Int], decays: Bool = false) -> Int {
            let tensor = ParameterTensor(name: name, shape: shape, offset: next, decays: decays)
            tensors.append(tensor)
            next += tensor.count
            return tensor.offset
        }
        switch config.family {
        case .gpt2:
            (wte, wpe, layers, lnfw, lnfb) = Self.gpt2(config, add)
            lmHead = wte
        case .llama:
            (wte, layers, lnfw) = Self.llama(config, add)
            wpe = 0
            lnfb = 0
            lmHead = config.tiedEmbeddings ? wte : add("lm_head.weight", [config.vocabSize, config.width], decays: true)
        }
        self.tensors = tensors
        self.count = next
    }

    private typealias Add = (String, [Int], Bool) -> Int

    private static func gpt2(_ config: ModelConfig, _ add: Add)
        -> (wte: Int, wpe: Int, layers: [LayerOffsets], lnfw: Int, lnfb: Int) {
        let V = config.vocabSize, T = config.contextLength, C = config.width
        let wte = add("wte.weight", [V, C], true)
        let wpe = add("wpe.weight", [T, C], true)
        var layers: [LayerOffsets] = []
        for l in 0..<config.layers {
            var o = LayerOffsets()
            o.ln1w = add("h.\(l).ln_1.weight", [C], false)
            o.ln1b = add("h.\(l).ln_1.bias", [C], false)
            o.qkvw = add("h.\(l).attn.c_attn.weight", [C, 3 * C], true)
            o.qkvb = add("h.\(l).attn.c_attn.bias", [3 * C], false)
            o.attprojw = add("h.\(l).attn.c_proj.weight", [C, C], true)
            o.attprojb = add("h.\(l).attn.c_proj.bias", [C], false)
            o.ln2w = add("h.\(l).ln_2.weight", [C], false)
            o.ln2b = add("h.\(l).ln_2.bias", [C], false)
            o.fcw = add("h.\(l).mlp.c_fc.weight", [C, 4 * C], true)
            o.fcb = add("h.\(l).mlp.c_fc.bias", [4 * C], false)
            o.fcprojw = add("h.\(l).mlp.c_proj.weight", [4 * C, C], true)
            o.fcprojb = add("h.\(l).mlp.c_proj.bias", [C], false)
            layers.append(o)
        }
        let lnfw = add("ln_f.weight", [C], false)
        let lnfb = add("ln_f.bias", [C], false)
        return (wte, wpe, layers, lnfw, lnfb)
    }

    private static func llama(_ config: ModelConfig, _ add: Add) -> (wte: Int, layers: [LayerOffsets], lnfw: Int) {
        let V = config.vocabSize, C = config.width, F = config.ffnWidth
        let Q = config.qWidth, K = config.kvWidth
        let wte = add("model.embed_tokens.weight", [V, C], true)
        var layers: [LayerOffsets] = []
        for l in 0..<config.layers {
            let prefix = "model.layers.\(l)."
            var o = LayerOffsets()
            o.ln1w = add(prefix + "input_layernorm.weight", [C], false)
            o.qkvw = add(prefix + "self_attn.q_proj.weight", [Q, C], true)
            _ = add(prefix + "self_attn.k_proj.weight", [K, C], true)
            _ = add(prefix + "self_attn.v_proj.weight", [K, C], true)
            if config.attentionBias {
                o.qkvb = add(prefix + "self_attn.q_proj.bias", [Q], false)
                _ = add(prefix + "self_attn.k_proj.bias", [K], false)
                _ = add(prefix + "self_attn.v_proj.bias", [K], false)
            }
            o.attprojw = add(prefix + "self_attn.o_proj.weight", [C, Q], true)
            o.ln2w = add(prefix + "post_attention_layernorm.weight", [C], false)
            o.fcw = add(prefix + "mlp.gate_proj.weight", [F, C], true)
            _ = add(prefix + "mlp.up_proj.weight", [F, C], true)
            o.fcprojw = add(prefix + "mlp.down_proj.weight", [C, F], true)
            layers.append(o)
        }
        let lnfw = add("model.norm.weight", [C], false)
        return (wte, layers, lnfw)
    }
}
