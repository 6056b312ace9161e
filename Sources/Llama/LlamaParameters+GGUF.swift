import Dispatch
import GGUF
import Synchronization

extension LlamaParameters {
    /// Dequantizes every tensor of `file` into its slot of a new flat buffer.
    ///
    /// Q/K permutation: llama.cpp's `llama` converter reorders each head's Q and K rows so that HF's
    /// rotate-half pairs (i, i + hd/2) become adjacent rows (2i, 2i+1), because ggml's default RoPE
    /// rotates adjacent pairs. We undo it here and use rotate-half RoPE, because then the buffer holds
    /// exactly HF's `q_proj`/`k_proj` weights: a checkpoint or safetensors export from activetune stays
    /// loadable by transformers, HF weights can be loaded without a permutation, and parameter-level
    /// comparisons with PyTorch need no translation. The two choices give identical logits (RoPE commutes
    /// with the row permutation), which `LlamaReferenceTests` proves against transformers and
    /// `RopeTests.interleavedOnPermutedRowsEqualsRotateHalf` shows on random data.
    public convenience init(gguf file: GGUFFile, config: LlamaConfig) throws(LlamaError) {
        self.init(config: config)
        // Check every tensor before any work, so a wrong file fails fast with the first bad name.
        var jobs: [(LlamaTensor, GGUFTensorInfo)] = []
        for t in tensors {
            guard let info = file.tensor(named: t.name) else {
                throw LlamaError(.invalidFile, "GGUF file '\(file.path)' has no tensor '\(t.name)' (shape \(t.shape)).",
                                 hint: "The file is not a complete \(config.architecture) model, or its metadata "
                                     + "(block_count, tied embeddings, biases) does not match its tensors.")
            }
            guard info.shape == t.shape else {
                throw LlamaError(.invalidFile,
                                 "GGUF file '\(file.path)': tensor '\(t.name)' has shape \(info.shape), expected \(t.shape) "
                                     + "from the metadata.",
                                 hint: "The metadata and tensors disagree; re-convert the model.")
            }
            jobs.append((t, info))
        }
        if config.attentionBias, file.tensor(named: "blk.0.attn_output.bias") != nil {
            throw LlamaError(.unsupportedModel, "GGUF file '\(file.path)' has an attention output bias.",
                             hint: "Only q/k/v biases (Qwen2) are implemented.")
        }
        // Largest tensors first so the threads finish together; each writes only its own slot.
        let work = jobs.sorted { $0.0.count > $1.0.count }
        let failures = Failures(count: work.count)
        DispatchQueue.concurrentPerform(iterations: work.count) { j in
            failures.record(j) { () throws(LlamaError) in try self.load(work[j].0, from: work[j].1, file) }
        }
        if let first = failures.first { throw first }
    }

    /// Dequantizes one tensor into its slot, then restores HF row order for Q/K of permuted files.
    private func load(_ t: LlamaTensor, from info: GGUFTensorInfo, _ file: GGUFFile) throws(LlamaError) {
        let slot = UnsafeMutableBufferPointer(rebasing: storage[t.offset ..< t.offset + t.count])
        try LlamaConfig.read(file) { () throws(GGUFError) in try file.dequantize(info, into: slot) }
        guard config.qkLayout == .interleavedPairs else { return }
        // Biases are permuted like their weight rows (a bias is a matrix with one column).
        let columns = t.shape.count == 2 ? t.shape[1] : 1
        if t.name.hasSuffix(".attn_q.weight") || t.name.hasSuffix(".attn_q.bias") {
            unpermuteHeads(slot.baseAddress!, heads: config.heads, hd: config.headDim, columns: columns)
        } else if t.name.hasSuffix(".attn_k.weight") || t.name.hasSuffix(".attn_k.bias") {
            unpermuteHeads(slot.baseAddress!, heads: config.kvHeads, hd: config.headDim, columns: columns)
        }
    }
}

/// w is (heads·hd, columns) row-major, rows permuted by llama.cpp; rewritten in place to HF order.
///
/// Within a head, stored row 2i + j (i < hd/2, j ∈ {0, 1}) is HF row j·hd/2 + i: the pair that RoPE rotates
/// together, (i, i + hd/2) in HF, was made adjacent.
func unpermuteHeads(_ w: UnsafeMutablePointer<Float>, heads: Int, hd: Int, columns: Int) {
    let half = hd / 2
    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: hd * columns)
    defer { scratch.deallocate() }
    for h in 0..<heads {
        let head = w + h * hd * columns
        scratch.update(from: head, count: hd * columns)
        for i in 0..<half {
            for j in 0..<2 {
                (head + (j * half + i) * columns).update(from: scratch + (2 * i + j) * columns, count: columns)
            }
        }
    }
}

/// The first error thrown by any iteration of a concurrent loop (by index, so the report is deterministic).
private final class Failures: Sendable {
    private let errors: Mutex<[LlamaError?]>
    init(count: Int) { errors = Mutex(Array(repeating: nil, count: count)) }
    /// Runs one iteration's body and keeps its error; the lock is taken only on failure.
    func record(_ i: Int, _ body: () throws(LlamaError) -> Void) {
        do { try body() } catch { errors.withLock { $0[i] = error } }
    }
    var first: LlamaError? { errors.withLock { $0.lazy.compactMap { $0 }.first } }
}
