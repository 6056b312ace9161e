/// The activations of one forward pass over a packed batch, and the code that computes them.
///
/// Training keeps every layer's activations for the backward pass; inference reuses one layer's
/// buffers for all layers. Buffers persist between calls, so a reused pass does not allocate.
final class ForwardPass {
    /// Rows of logits materialised at once; bounds memory to chunk·V floats even for GPT-2's vocabulary.
    static let logitChunk = 256

    let config: ModelConfig
    let training: Bool
    // Per layer (training) or shared (inference): shapes in comments are per layer.
    let ln1 = Scratch(), ln1Mean = Scratch(), ln1Rstd = Scratch()      // (N,C), (N), (N)
    let qkv = Scratch(), att = Scratch(), atty = Scratch()            // (N,3C), scores, (N,C)
    let res2 = Scratch(), ln2 = Scratch(), ln2Mean = Scratch(), ln2Rstd = Scratch()
    let fch = Scratch(), fchGelu = Scratch(), res3 = Scratch()        // (N,4C), (N,4C), (N,C)
    // Once per pass.
    let encoded = Scratch()                                           // (N,C)
    let lnfIn = Scratch(), lnf = Scratch(), lnfMean = Scratch(), lnfRstd = Scratch()  // (M,C), (M,C), (M), (M)
    let logits = Scratch()                                            // (chunk,V)
    /// d(loss)/d(lnf), (M,C): filled when the pass runs with gradients.
    let dlnf = Scratch()
    private(set) var batch = PackedBatch(heads: 1)
    private(set) var scoredRows: [Int] = []
    private(set) var scoredTargets: [Int32] = []

    init(config: ModelConfig, training: Bool) {
        self.config = config
        self.training = training
    }

    /// Runs the model over `batch` and returns the NLL of every scored row, in row order.
    /// With `gradients` (training), also adds the output layer's gradient to `gradients` and fills
    /// `dlnf`, scaling the loss by `gradScale` (1/number of scored tokens for a mean).
    func run(_ model: GPT2, _ batch: PackedBatch, gradients: Floats? = nil, gradScale: Float = 1) -> [Double] {
        let output = runLayers(model, batch)
        return classify(model, output: output, gradients: gradients, gradScale: gradScale)
    }

    /// Runs the model over `batch` and returns the most likely next token of every row whose target
    /// is not -1 (greedy decoding), in row order.
    func greedy(_ model: GPT2, _ batch: PackedBatch) -> [Int32] {
        let V = config.vocabSize
        let all = logits(model, batch)
        return all.withUnsafeBufferPointer { all in
            stride(from: 0, to: all.count, by: V).map { start in
                var best = 0
                for j in 1..<V where all[start + j] > all[start + best] { best = j }
                return Int32(best)
            }
        }
    }

    /// Runs the model over `batch` and returns the logits, (rows,V), of every row whose target is not -1.
    func logits(_ model: GPT2, _ batch: PackedBatch) -> [Float] {
        let output = runLayers(model, batch)
        let rows = batch.scoredRows, M = rows.count, C = config.width, V = config.vocabSize
        let p = model.parameters, layout = model.layout
        let x = lnf.reserve(M * C)
        for (m, row) in rows.enumerated() { (x + m * C).update(from: output + row * C, count: C) }
        layernormForward(x, lnfMean.reserve(M), lnfRstd.reserve(M), x,
                         p + layout.lnfw, p + layout.lnfb, M, C, config.layerNormEpsilon)
        return [Float](unsafeUninitializedCapacity: M * V) { buffer, count in
            matmulForward(buffer.baseAddress!, x, p + layout.wte, nil, M, C, V, layout: .outIn)
            count = M * V
        }
    }

    /// Embedding and all transformer blocks; returns the final residual stream, (N,C).
    private func runLayers(_ model: GPT2, _ batch: PackedBatch) -> UnsafePointer<Float> {
        self.batch = batch
        let N = batch.count, C = config.width, L = config.layers, NH = config.heads
        let slots = training ? L : 1, eps = config.layerNormEpsilon
        let p = model.parameters, layout = model.layout
        let ln1 = ln1.reserve(slots * N * C), ln1Mean = ln1Mean.reserve(slots * N), ln1Rstd = ln1Rstd.reserve(slots * N)
        let qkv = qkv.reserve(slots * N * 3 * C), att = att.reserve(slots * max(1, batch.scoreCount))
        let atty = atty.reserve(slots * N * C), res2 = res2.reserve(slots * N * C), ln2 = ln2.reserve(slots * N * C)
        let ln2Mean = ln2Mean.reserve(slots * N), ln2Rstd = ln2Rstd.reserve(slots * N)
        let fch = fch.reserve(slots * N * 4 * C)
        let fchGelu = training ? fchGelu.reserve(slots * N * 4 * C) : fch
        let res3 = res3.reserve(slots * N * C), encoded = encoded.reserve(N * C)
        batch.tokens.withUnsafeBufferPointer { tokens in
            batch.positions.withUnsafeBufferPointer { positions in
                encoderForward(encoded, tokens.baseAddress!, positions.baseAddress!,
                               p + layout.wte, p + layout.wpe, N, C)
            }
        }
        for l in 0..<L {
            let s = training ? l : 0, w = layout.layers[l]
            let input = l == 0 ? encoded : res3 + (training ? l - 1 : 0) * N * C
            let ln1 = ln1 + s * N * C, qkv = qkv + s * N * 3 * C, atty = atty + s * N * C
            let res2 = res2 + s * N * C, ln2 = ln2 + s * N * C, res3 = res3 + s * N * C
            let fch = fch + s * N * 4 * C, fchGelu = fchGelu + s * N * 4 * C
            layernormForward(ln1, ln1Mean + s * N, ln1Rstd + s * N, input, p + w.ln1w, p + w.ln1b, N, C, eps)
            matmulForward(qkv, ln1, p + w.qkvw, p + w.qkvb, N, C, 3 * C)
            for seg in batch.segments {
                seg.writeCache?.store(layer: l, from: qkv + seg.start * 3 * C, rows: seg.length, at: seg.pastLength)
            }
            attentionForward(atty, att + s * batch.scoreCount, qkv, batch.segments, layer: l, C, NH)
            res2.update(from: input, count: N * C)
            matmulForward(res2, atty, p + w.attprojw, p + w.attprojb, N, C, C, accumulate: true)
            layernormForward(ln2, ln2Mean + s * N, ln2Rstd + s * N, res2, p + w.ln2w, p + w.ln2b, N, C, eps)
            matmulForward(fch, ln2, p + w.fcw, p + w.fcb, N, C, 4 * C)
            geluForward(fchGelu, fch, N * 4 * C)
            res3.update(from: res2, count: N * C)
            matmulForward(res3, fchGelu, p + w.fcprojw, p + w.fcprojb, N, 4 * C, C, accumulate: true)
        }
        return UnsafePointer(res3 + (slots - 1) * N * C)
    }

    /// Final LayerNorm, logits and cross-entropy on the scored rows only (prompt rows need no logits).
    private func classify(_ model: GPT2, output: UnsafePointer<Float>, gradients: Floats?,
                          gradScale: Float) -> [Double] {
        scoredRows = batch.scoredRows
        scoredTargets = scoredRows.map { batch.targets[$0] }
        let M = scoredRows.count, C = config.width, V = config.vocabSize
        guard M > 0 else { return [] }
        let p = model.parameters, layout = model.layout
        let lnfIn = lnfIn.reserve(M * C), lnf = lnf.reserve(M * C)
        let lnfMean = lnfMean.reserve(M), lnfRstd = lnfRstd.reserve(M)
        for (m, row) in scoredRows.enumerated() { (lnfIn + m * C).update(from: output + row * C, count: C) }
        layernormForward(lnf, lnfMean, lnfRstd, lnfIn, p + layout.lnfw, p + layout.lnfb, M, C, config.layerNormEpsilon)
        let chunk = Self.logitChunk
        let logits = logits.reserve(min(M, chunk) * V)
        let dlnf = gradients == nil ? nil : dlnf.reserve(M * C)
        var losses = [Double](repeating: 0, count: M)
        losses.withUnsafeMutableBufferPointer { losses in
            scoredTargets.withUnsafeBufferPointer { targets in
                for lo in stride(from: 0, to: M, by: chunk) {
                    let m = min(chunk, M - lo), x = lnf + lo * C
                    // logits is (m,V) = x (m,C) · wteᵀ: the tied embedding is the output layer.
                    matmulForward(logits, x, p + layout.wte, nil, m, C, V, layout: .outIn)
                    crossEntropyForward(losses.baseAddress! + lo, logits, targets.baseAddress! + lo, m, V,
                                        gradScale: gradients == nil ? nil : gradScale)
                    if let gradients, let dlnf {
                        matmulBackward(dlnf + lo * C, gradients + layout.wte, nil, logits, x, p + layout.wte,
                                       m, C, V, layout: .outIn)
                    }
                }
            }
        }
        return losses
    }
}
