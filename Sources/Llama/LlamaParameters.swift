/// One named tensor inside the flat parameter buffer.
public struct LlamaTensor: Sendable, Equatable {
    /// The GGUF name, e.g. `blk.0.attn_q.weight`.
    public let name: String
    /// Row-major shape; a matrix is (out, in) like HF's `nn.Linear.weight`.
    public let shape: [Int]
    /// Offset of the first float in the flat buffer.
    public let offset: Int

    /// Number of floats.
    public var count: Int { shape.reduce(1, *) }
}

/// Offsets of one transformer block's tensors in the flat buffer.
///
/// Q, K and V are stored back to back, so `qkvw` is one ((NH+2KV)·hd, C) matrix and one GEMM computes all
/// three projections; likewise gate and up form one (2F, C) matrix. The separate GGUF tensors are still
/// named views (`tensors`) into these blocks.
struct LayerOffsets: Sendable, Equatable {
    var attnNorm = 0, qkvw = 0, qkvb: Int?, wo = 0, ffnNorm = 0, gateUpw = 0, downw = 0
}

/// All weights of a Llama model in one flat Float buffer with named views (llm.c's layout idea).
///
/// Layout, in order, every matrix row-major (out, in) = GGUF (ne[1], ne[0]) = HF `Linear.weight`:
/// - `token_embd.weight` (V, C)
/// - per block l: `attn_norm` (C); `attn_q` (NH·hd, C), `attn_k` (KV·hd, C), `attn_v` (KV·hd, C) contiguous;
///   when biased `attn_q.bias` (NH·hd), `attn_k.bias`, `attn_v.bias` (KV·hd) contiguous; `attn_output`
///   (C, NH·hd); `ffn_norm` (C); `ffn_gate` (F, C), `ffn_up` (F, C) contiguous; `ffn_down` (C, F)
/// - `output_norm.weight` (C)
/// - `output.weight` (V, C) only when the head is untied; otherwise the LM head is the token embedding.
///
/// Q and K rows (and biases) are in HF's rotate-half order within each head, whatever the file stored.
/// The buffer is written only while loading, so the class is shareable across tasks once made.
public final class LlamaParameters: @unchecked Sendable {
    /// The configuration the layout was made for.
    public let config: LlamaConfig
    /// Every named tensor, in buffer order.
    public let tensors: [LlamaTensor]
    /// Total floats in the buffer.
    public let count: Int
    let layers: [LayerOffsets]
    let tokenEmbedding: Int, outputNorm: Int, lmHead: Int
    private let index: [String: Int]
    /// The flat buffer; `let` after init in practice: only the loader and tests' setup write through it.
    let storage: UnsafeMutableBufferPointer<Float>

    /// Lays out (and zeroes) the buffer for `config`; the loader or a test then fills it.
    init(config: LlamaConfig) {
        let V = config.vocabSize, C = config.width, F = config.ffnWidth
        let Q = config.qWidth, K = config.kvWidth
        var tensors: [LlamaTensor] = []
        var next = 0
        func add(_ name: String, _ shape: [Int]) -> Int {
            tensors.append(LlamaTensor(name: name, shape: shape, offset: next))
            next += tensors.last!.count
            return tensors.last!.offset
        }
        tokenEmbedding = add("token_embd.weight", [V, C])
        var layers: [LayerOffsets] = []
        for l in 0..<config.layers {
            var o = LayerOffsets()
            o.attnNorm = add("blk.\(l).attn_norm.weight", [C])
            o.qkvw = add("blk.\(l).attn_q.weight", [Q, C])
            _ = add("blk.\(l).attn_k.weight", [K, C])
            _ = add("blk.\(l).attn_v.weight", [K, C])
            if config.attentionBias {
                o.qkvb = add("blk.\(l).attn_q.bias", [Q])
                _ = add("blk.\(l).attn_k.bias", [K])
                _ = add("blk.\(l).attn_v.bias", [K])
            }
            o.wo = add("blk.\(l).attn_output.weight", [C, Q])
            o.ffnNorm = add("blk.\(l).ffn_norm.weight", [C])
            o.gateUpw = add("blk.\(l).ffn_gate.weight", [F, C])
            _ = add("blk.\(l).ffn_up.weight", [F, C])
            o.downw = add("blk.\(l).ffn_down.weight", [C, F])
            layers.append(o)
        }
        outputNorm = add("output_norm.weight", [C])
        lmHead = config.tiedEmbeddings ? tokenEmbedding : add("output.weight", [V, C])
        self.config = config
        self.tensors = tensors
        self.layers = layers
        self.count = next
        self.index = Dictionary(uniqueKeysWithValues: tensors.enumerated().map { ($1.name, $0) })
        storage = .allocate(capacity: next)
        storage.initialize(repeating: 0)
    }

    deinit { storage.deallocate() }

    /// The tensor named `name` (GGUF naming), or nil.
    public func tensor(named name: String) -> LlamaTensor? {
        index[name].map { tensors[$0] }
    }

    /// Calls `body` with the named tensor's floats (row-major, see the type's layout); nil for an unknown name.
    public func withValues<R>(of name: String, _ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R? {
        guard let t = tensor(named: name) else { return nil }
        return try body(UnsafeBufferPointer(rebasing: storage[t.offset ..< t.offset + t.count]))
    }

    /// A copy of the named tensor's floats, for tests and inspection.
    public func values(of name: String) -> [Float]? {
        withValues(of: name) { Array($0) }
    }

    /// The start of the buffer; kernels add the offsets above. Valid while `self` is alive.
    var base: UnsafeMutablePointer<Float> { storage.baseAddress! }
}
