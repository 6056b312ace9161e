import Dispatch
import GGUF
import Synchronization

extension Transformer {
    /// Reads a Llama-family GGUF file (`llama` or `qwen2`): the config from its metadata, every tensor
    /// dequantized to Float32 (F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q4_K, Q5_K, Q6_K).
    ///
    /// Q/K permutation: llama.cpp's `llama` converter reorders each head's Q and K rows so that HF's
    /// rotate-half pairs (i, i + hd/2) become adjacent rows (2i, 2i+1), because ggml's default RoPE
    /// rotates adjacent pairs. We undo it here and use rotate-half RoPE, because then the buffer holds
    /// exactly HF's `q_proj`/`k_proj` weights: a checkpoint or safetensors export from activetune stays
    /// loadable by transformers, HF weights load without a permutation, and parameter-level comparisons with
    /// PyTorch need no translation. The two choices give identical logits (RoPE commutes with the row
    /// permutation), which the reference tests against transformers prove.
    public convenience init(gguf file: GGUFFile) throws(ModelError) {
        let config = try ModelConfig(gguf: file)
        do {
            try self.init(config: config)
        } catch {
            throw ModelError(.invalidConfig, "GGUF file '\(file.path)': \(error)")
        }
        let permuted = ModelConfig.ggufArchitectures[config.modelType] ?? false
        // Check every tensor before any work, so a wrong file fails fast with the first bad name.
        var jobs: [(ParameterTensor, GGUFTensorInfo)] = []
        for t in layout.tensors {
            let name = Self.ggufName(of: t.name)
            guard let info = file.tensor(named: name) else {
                throw ModelError(.invalidCheckpoint, "GGUF file '\(file.path)' has no tensor '\(name)' (shape \(t.shape)).",
                                 hint: "The file is not a complete \(config.modelType) model, or its metadata "
                                     + "(block_count, tied embeddings, biases) does not match its tensors.")
            }
            guard info.shape == t.shape else {
                throw ModelError(.invalidCheckpoint,
                                 "GGUF file '\(file.path)': tensor '\(name)' has shape \(info.shape), expected \(t.shape) "
                                     + "from the metadata.",
                                 hint: "The metadata and tensors disagree; re-convert the model.")
            }
            jobs.append((t, info))
        }
        if config.attentionBias, file.tensor(named: "blk.0.attn_output.bias") != nil {
            throw ModelError(.unsupportedModel, "GGUF file '\(file.path)' has an attention output bias.",
                             hint: "Only q/k/v biases (Qwen2) are implemented.")
        }
        // Largest tensors first so the threads finish together; each writes only its own slot.
        let work = jobs.sorted { $0.0.count > $1.0.count }
        let failures = Failures(count: work.count)
        let base = UncheckedBox(parameters)
        DispatchQueue.concurrentPerform(iterations: work.count) { j in
            failures.record(j) { () throws(ModelError) in
                let (t, info) = work[j]
                let slot = UnsafeMutableBufferPointer(start: base.value + t.offset, count: t.count)
                try ModelConfig.read(file) { () throws(GGUFError) in try file.dequantize(info, into: slot) }
                if permuted { Self.reorderQK(t, slot.baseAddress!, config, toLlamaCpp: false) }
            }
        }
        if let first = failures.first { throw first }
    }

    /// The GGUF (llama.cpp) name of a Llama-family tensor's HF name.
    static func ggufName(of hfName: String) -> String {
        let fixed = ["model.embed_tokens.weight": "token_embd.weight", "model.norm.weight": "output_norm.weight",
                     "lm_head.weight": "output.weight"]
        if let name = fixed[hfName] { return name }
        // model.layers.<l>.<part>
        let parts = hfName.split(separator: ".", maxSplits: 3)
        guard parts.count == 4, parts[0] == "model", parts[1] == "layers" else { return hfName }
        let renames = ["input_layernorm.weight": "attn_norm.weight", "post_attention_layernorm.weight": "ffn_norm.weight",
                       "self_attn.q_proj.weight": "attn_q.weight", "self_attn.k_proj.weight": "attn_k.weight",
                       "self_attn.v_proj.weight": "attn_v.weight", "self_attn.o_proj.weight": "attn_output.weight",
                       "self_attn.q_proj.bias": "attn_q.bias", "self_attn.k_proj.bias": "attn_k.bias",
                       "self_attn.v_proj.bias": "attn_v.bias", "mlp.gate_proj.weight": "ffn_gate.weight",
                       "mlp.up_proj.weight": "ffn_up.weight", "mlp.down_proj.weight": "ffn_down.weight"]
        return "blk.\(parts[2]).\(renames[String(parts[3])] ?? String(parts[3]))"
    }

    /// Moves the Q and K rows (and biases) of one tensor between HF's order and llama.cpp's: `toLlamaCpp` for
    /// export, else back to HF's for import. Other tensors are left alone.
    static func reorderQK(_ t: ParameterTensor, _ values: UnsafeMutablePointer<Float>, _ config: ModelConfig,
                          toLlamaCpp: Bool) {
        // A bias is permuted like its weight rows (a matrix with one column).
        let columns = t.shape.count == 2 ? t.shape[1] : 1
        if t.name.hasSuffix("q_proj.weight") || t.name.hasSuffix("q_proj.bias") {
            reorderHeads(values, heads: config.heads, hd: config.headDim, columns: columns, toLlamaCpp: toLlamaCpp)
        } else if t.name.hasSuffix("k_proj.weight") || t.name.hasSuffix("k_proj.bias") {
            reorderHeads(values, heads: config.kvHeads, hd: config.headDim, columns: columns, toLlamaCpp: toLlamaCpp)
        }
    }
}

/// w is (heads·hd, columns) row-major; its rows are rewritten in place between HF's order and llama.cpp's.
///
/// llama.cpp's `llama` converter makes the pair that RoPE rotates together, HF rows (i, i + hd/2), adjacent: within
/// a head, its row 2i + j (i < hd/2, j ∈ {0, 1}) is HF row j·hd/2 + i. `toLlamaCpp` applies that permutation;
/// otherwise its inverse.
func reorderHeads(_ w: UnsafeMutablePointer<Float>, heads: Int, hd: Int, columns: Int, toLlamaCpp: Bool) {
    let half = hd / 2
    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: hd * columns)
    defer { scratch.deallocate() }
    for h in 0..<heads {
        let head = w + h * hd * columns
        scratch.update(from: head, count: hd * columns)
        for i in 0..<half {
            for j in 0..<2 {
                let hf = j * half + i, llamaCpp = 2 * i + j
                let (to, from) = toLlamaCpp ? (llamaCpp, hf) : (hf, llamaCpp)
                (head + to * columns).update(from: scratch + from * columns, count: columns)
            }
        }
    }
}

/// w is (heads·hd, columns) row-major, rows permuted by llama.cpp; rewritten in place to HF order.
func unpermuteHeads(_ w: UnsafeMutablePointer<Float>, heads: Int, hd: Int, columns: Int) {
    reorderHeads(w, heads: heads, hd: hd, columns: columns, toLlamaCpp: false)
}

/// The first error thrown by any iteration of a concurrent loop (by index, so the report is deterministic).
private final class Failures: Sendable {
    private let errors: Mutex<[ModelError?]>
    init(count: Int) { errors = Mutex(Array(repeating: nil, count: count)) }
    /// Runs one iteration's body and keeps its error; the lock is taken only on failure.
    func record(_ i: Int, _ body: () throws(ModelError) -> Void) {
        do { try body() } catch { errors.withLock { $0[i] = error } }
    }
    var first: ModelError? { errors.withLock { $0.lazy.compactMap { $0 }.first } }
}
