import COpenBLAS
import GGUF

/// A Llama-family decoder ready for inference: its config, its flat parameters and the forward pass.
///
/// Immutable after loading, so one model can serve concurrent callers; each call allocates its own scratch.
public final class LlamaModel: Sendable {
    /// The hyperparameters.
    public let config: LlamaConfig
    /// The weights.
    public let parameters: LlamaParameters
    /// RoPE inverse frequencies θ_i (hd/2 of them), with the config's scaling applied.
    public let inverseFrequencies: [Float]

    /// Wraps loaded (or test-made) parameters.
    public init(parameters: LlamaParameters) {
        self.config = parameters.config
        self.parameters = parameters
        self.inverseFrequencies = config.ropeScaling.inverseFrequencies(headDim: config.headDim, base: config.ropeBase)
    }

    /// Reads the config from `file`'s metadata and dequantizes its weights.
    public convenience init(gguf file: GGUFFile) throws(LlamaError) {
        let config = try LlamaConfig(gguf: file)
        self.init(parameters: try LlamaParameters(gguf: file, config: config))
    }

    /// Opens the GGUF file at `path` and loads it; see `init(gguf:)`.
    public convenience init(path: String) throws(LlamaError) {
        let file: GGUFFile
        do {
            file = try GGUFFile(path: path)
        } catch {
            throw LlamaError(.invalidFile, "cannot open '\(path)': \(error.message)", hint: error.hint)
        }
        try self.init(gguf: file)
    }

    /// The next-token logits at every position of one sequence: (T, V) row-major, row t predicting token t+1.
    ///
    /// `tokens` must be non-empty, at most `contextLength` long, with every id in 0..<V.
    public func logits(tokens: [Int32]) throws(LlamaError) -> [Float] {
        try check(tokens)
        let T = tokens.count, V = config.vocabSize
        return [Float](unsafeUninitializedCapacity: T * V) { buffer, initialized in
            forward(tokens, into: buffer.baseAddress!)
            initialized = T * V
        }
    }

    /// The mean negative log-likelihood (nats per token) of tokens[1...] given their prefixes, as HF's
    /// `labels=` loss computes it; nil for a single token, which predicts nothing.
    public func meanNLL(tokens: [Int32]) throws(LlamaError) -> Double? {
        guard tokens.count > 1 else {
            try check(tokens)
            return nil
        }
        let all = try logits(tokens: tokens)
        let V = config.vocabSize
        return all.withUnsafeBufferPointer { p in
            var total: Double = 0
            for t in 0..<(tokens.count - 1) {
                total += negativeLogLikelihood(p.baseAddress! + t * V, V, target: Int(tokens[t + 1]))
            }
            return total / Double(tokens.count - 1)
        }
    }

    /// Rejects what the kernels cannot index: empty or over-long sequences and out-of-vocabulary ids.
    private func check(_ tokens: [Int32]) throws(LlamaError) {
        guard !tokens.isEmpty, tokens.count <= config.contextLength else {
            throw LlamaError(.contextOverflow,
                             "a sequence of \(tokens.count) tokens; the model takes 1...\(config.contextLength).",
                             hint: "Truncate or split the input to the context length.")
        }
        if let (t, id) = tokens.enumerated().first(where: { $0.element < 0 || Int($0.element) >= config.vocabSize }) {
            throw LlamaError(.invalidToken, "token \(id) at position \(t) is outside the vocabulary 0..<\(config.vocabSize).",
                             hint: "Tokenize with this model's tokenizer (tokenizer.ggml.* in its GGUF file).")
        }
    }

    /// logits is (T,V). One sequence through embedding, L blocks, the final norm and the LM head.
    private func forward(_ tokens: [Int32], into logits: Floats) {
        let T = tokens.count, C = config.width, F = config.ffnWidth, V = config.vocabSize
        let NH = config.heads, KV = config.kvHeads, hd = config.headDim, eps = config.rmsNormEps
        let QKV = config.qkvWidth, Q = config.qWidth
        let a = LlamaActivations(config, T: T)
        let p = parameters.base
        ropeTables(a.cos, a.sin, inverseFrequencies, T)
        tokens.withUnsafeBufferPointer { embeddingForward(a.x, $0.baseAddress!, p + parameters.tokenEmbedding, T, C) }
        for layer in parameters.layers {
            // Attention sub-block: x += Wo · attention(rope(Wqkv · rmsnorm(x))).
            rmsNormForward(a.xn, a.x, p + layer.attnNorm, T, C, eps)
            matmulForward(a.qkv, a.xn, p + layer.qkvw, layer.qkvb.map { UnsafePointer(p + $0) }, T, C, QKV)
            ropeForward(a.qkv, a.cos, a.sin, T, NH + KV, hd, stride: QKV)
            attentionForward(a.att, a.scores, a.qkv, T, NH, KV, hd)
            matmulForward(a.x, a.att, p + layer.wo, nil, T, Q, C, accumulate: true)
            // Feed-forward sub-block: x += Wdown · swiglu(Wgate|up · rmsnorm(x)).
            rmsNormForward(a.xn, a.x, p + layer.ffnNorm, T, C, eps)
            matmulForward(a.gateUp, a.xn, p + layer.gateUpw, nil, T, C, 2 * F)
            swigluForward(a.hidden, a.gateUp, T, F)
            matmulForward(a.x, a.hidden, p + layer.downw, nil, T, F, C, accumulate: true)
        }
        rmsNormForward(a.xn, a.x, p + parameters.outputNorm, T, C, eps)
        matmulForward(logits, a.xn, p + parameters.lmHead, nil, T, C, V)
    }
}
