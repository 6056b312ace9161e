/// The scratch buffers of one forward pass over T tokens, carved from a single allocation.
///
/// Made once per `logits` call (never inside the layer loop); each buffer is reused by every layer.
struct LlamaActivations: ~Copyable {
    /// (T,C) residual stream.
    let x: Floats
    /// (T,C) RMSNorm output, the input of the q/k/v and gate/up projections and of the LM head.
    let xn: Floats
    /// (T, (NH+2KV)·hd) fused q | k | v projections.
    let qkv: Floats
    /// (T, NH·hd) attention output before `attn_output`.
    let att: Floats
    /// Attention score tiles, one (block, T) per worker (`attentionScratchCount`).
    let scores: Floats
    /// (T, 2F) fused gate | up projections.
    let gateUp: Floats
    /// (T,F) SwiGLU output, the input of `ffn_down`.
    let hidden: Floats
    /// (T, hd/2) RoPE cosines and sines for positions 0..<T.
    let cos: Floats, sin: Floats
    private let storage: UnsafeMutableBufferPointer<Float>

    init(_ config: LlamaConfig, T: Int) {
        let C = config.width, F = config.ffnWidth, half = config.headDim / 2
        let sizes = [T * C, T * C, T * config.qkvWidth, T * config.qWidth, attentionScratchCount(T), T * 2 * F, T * F, T * half, T * half]
        storage = .allocate(capacity: sizes.reduce(0, +))
        storage.initialize(repeating: 0)
        var next = storage.baseAddress!
        var slices: [Floats] = []
        for size in sizes {
            slices.append(next)
            next += size
        }
        (x, xn, qkv, att, scores) = (slices[0], slices[1], slices[2], slices[3], slices[4])
        (gateUp, hidden, cos, sin) = (slices[5], slices[6], slices[7], slices[8])
    }

    deinit { storage.deallocate() }
}
