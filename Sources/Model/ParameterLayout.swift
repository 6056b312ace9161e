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
struct LayerOffsets {
    var ln1w = 0, ln1b = 0, qkvw = 0, qkvb = 0, attprojw = 0, attprojb = 0
    var ln2w = 0, ln2b = 0, fcw = 0, fcb = 0, fcprojw = 0, fcprojb = 0
}

/// Where every tensor lives in the one flat parameter buffer (the llm.c layout idea, HF names).
struct ParameterLayout: Sendable {
    let tensors: [ParameterTensor]
    let layers: [LayerOffsets]
    let wte: Int, wpe: Int, lnfw: Int, lnfb: Int
    let count: Int

    init(_ config: ModelConfig) {
        let V = config.vocabSize, T = config.contextLength, C = config.width
        var tensors: [ParameterTensor] = []
        var next = 0
        func add(_ name: String, _ shape: [Int], decays: Bool = false) -> Int {
            let tensor = ParameterTensor(name: name, shape: shape, offset: next, decays: decays)
            tensors.append(tensor)
            next += tensor.count
            return tensor.offset
        }
        wte = add("wte.weight", [V, C], decays: true)
        wpe = add("wpe.weight", [T, C], decays: true)
        var layers: [LayerOffsets] = []
        for l in 0..<config.layers {
            var o = LayerOffsets()
            o.ln1w = add("h.\(l).ln_1.weight", [C])
            o.ln1b = add("h.\(l).ln_1.bias", [C])
            o.qkvw = add("h.\(l).attn.c_attn.weight", [C, 3 * C], decays: true)
            o.qkvb = add("h.\(l).attn.c_attn.bias", [3 * C])
            o.attprojw = add("h.\(l).attn.c_proj.weight", [C, C], decays: true)
            o.attprojb = add("h.\(l).attn.c_proj.bias", [C])
            o.ln2w = add("h.\(l).ln_2.weight", [C])
            o.ln2b = add("h.\(l).ln_2.bias", [C])
            o.fcw = add("h.\(l).mlp.c_fc.weight", [C, 4 * C], decays: true)
            o.fcb = add("h.\(l).mlp.c_fc.bias", [4 * C])
            o.fcprojw = add("h.\(l).mlp.c_proj.weight", [4 * C, C], decays: true)
            o.fcprojb = add("h.\(l).mlp.c_proj.bias", [C])
            layers.append(o)
        }
        lnfw = add("ln_f.weight", [C])
        lnfb = add("ln_f.bias", [C])
        self.tensors = tensors
        self.layers = layers
        self.count = next
    }
}
