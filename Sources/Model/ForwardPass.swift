/// The activations of one forward pass over a packed batch, and the code that computes them.
///
/// Training keeps each layer's activations that the backward pass cannot cheaply recompute; inference reuses one
/// layer's buffers for all layers. Attention scores are never kept per layer (the backward pass recomputes them),
/// nor, for the Llama family, the norm and SwiGLU outputs. Buffers persist between calls, so a reused pass does
/// not allocate.
final class ForwardPass {
    /// Rows of logits materialised at once; bounds memory to chunk·V floats even for GPT-2's vocabulary.
    static let logitChunk = 256

    let config: ModelConfig
    let training: Bool
    // Per layer (training) or shared (inference): shapes in comments are per layer, GPT-2's; the Llama
    // family keeps RMSNorm's rstd only, qkv is (N,(NH+2KV)hd), fch is gate|up (N,2F) and fchGelu SwiGLU's (N,F),
    // and its ln1, ln2 and fchGelu are one shared copy even in training. `att` is always one shared copy.
    let ln1 = Scratch(), ln1Mean = Scratch(), ln1Rstd = Scratch()      // (N,C), (N), (N)
    let qkv = Scratch(), att = Scratch(), atty = Scratch()            // (N,3C), scores, (N,C)
    let res2 = Scratch(), ln2 = Scratch(), ln2Mean = Scratch(), ln2Rstd = Scratch()
    let fch = Scratch(), fchGelu = Scratch(), res3 = Scratch()        // (N,4C), (N,4C), (N,C)
    // Once per pass.
    let encoded = Scratch()                                           // (N,C)
    let lnfIn = Scratch(), lnf = Scratch(), lnfMean = Scratch(), lnfRstd = Scratch()  // (M,C), (M,C), (M), (M)
    let logits = Scratch()                                            // (chunk,V)
    /// RoPE cos/sin for the positions seen so far (Llama family).
    private(set) var rope: RopeTable
    /// d(loss)/d(lnf), (M,C): filled when the pass runs with gradients.
    let dlnf = Scratch()
    private(set) var batch = PackedBatch(heads: 1)
    private(set) var scoredRows: [Int] = []
    private(set) var scoredTargets: [Int32] = []

    init(config: ModelConfig, training: Bool) {
        self.config = config
        self.training = training
        rope = RopeTable(config)
    }

    /// Runs the model over `batch` and returns the NLL of every scored row, in row order.
    /// With `gradients` (training), also adds the output layer's gradient to `gradients` and fills
    /// `dlnf`, scaling the loss by `gradScale` (1/number of scored tokens for a mean).
    func run(_ model: Transformer, _ batch: PackedBatch, gradients: Floats? = nil, gradScale: Float = 1) -> [Double] {
        let output = runLayers(model, batch)
        return classify(model, output: output, gradients: gradients, gradScale: gradScale)
    }

    /// Runs the model over `batch` and returns the most likely next token of every row whose target
    /// is not -1 (greedy decoding), in row order.
    func greedy(_ model: Transformer, _ batch: PackedBatch) -> [Int32] {
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
    func logits(_ model: Transformer, _ batch: PackedBatch) -> [Float] {
        let output = runLayers(model, batch)
        let rows = batch.scoredRows, M = rows.count, C = config.width, V = config.vocabSize
        let layout = model.layout, W = model.matrixWeights()
        let x = lnf.reserve(M * C)
        for (m, row) in rows.enumerated() { (x + m * C).update(from: output + row * C, count: C) }
        finalNorm(model, x, x, M)
        return [Float](unsafeUninitializedCapacity: M * V) { buffer, count in
            matmulForward(buffer.baseAddress!, x, W[layout.lmHead], nil, M, C, V, layout: .outIn)
            count = M * V
        }
    }

    /// Embedding and all transformer blocks; returns the final residual stream, (N,C).
    private func runLayers(_ model: Transformer, _ batch: PackedBatch) -> UnsafePointer<Float> {
        self.batch = batch
        let N = batch.count, C = config.width, slots = training ? config.layers : 1
        let p = model.parameters, layout = model.layout
        let encoded = encoded.reserve(N * C)
        batch.tokens.withUnsafeBufferPointer { tokens in
            batch.positions.withUnsafeBufferPointer { positions in
                switch config.family {
                case .gpt2:
                    encoderForward(encoded, tokens.baseAddress!, positions.baseAddress!, p + layout.wte, p + layout.wpe, N, C)
                case .llama:
                    embeddingForward(encoded, tokens.baseAddress!, p + layout.wte, N, C)
                }
            }
        }
        if config.family == .llama { rope.cover(Int(batch.positions.max() ?? 0) + 1) }
        let buffers = reserveLayerBuffers(N: N, slots: slots)
        for l in 0..<config.layers {
            let s = training ? l : 0
            let input = l == 0 ? UnsafePointer(encoded) : UnsafePointer(buffers.res3 + (training ? l - 1 : 0) * N * C)
            switch config.family {
            case .gpt2: gpt2Block(model, layer: l, slot: s, input: input, buffers)
            case .llama: llamaBlock(model, layer: l, slot: s, input: input, buffers)
            }
        }
        return UnsafePointer(buffers.res3 + (slots - 1) * N * C)
    }

    /// The per-layer buffers, `slots` of each (every layer's when training, one shared otherwise).
    private struct LayerBuffers {
        var ln1: Floats, ln1Mean: Floats, ln1Rstd: Floats, qkv: Floats, att: Floats, atty: Floats
        var res2: Floats, ln2: Floats, ln2Mean: Floats, ln2Rstd: Floats, fch: Floats, fchAct: Floats, res3: Floats
    }

    private func reserveLayerBuffers(N: Int, slots: Int) -> LayerBuffers {
        let C = config.width
        // GPT-2's MLP: fch (N,4C) and its GELU; the Llama family's: gate|up (N,2F) and SwiGLU's (N,F).
        let gpt2 = config.family == .gpt2
        let (hidden, activated) = gpt2 ? (4 * C, 4 * C) : (2 * config.ffnWidth, config.ffnWidth)
        let fch = fch.reserve(slots * N * hidden)
        // GPT-2 inference applies GELU in place; the Llama family's activation has another shape and, like its
        // norm outputs, is recomputed by the backward pass rather than kept per layer (see `llamaBlock`).
        let kept = gpt2 ? slots : 1
        let fchAct = training || !gpt2 ? fchGelu.reserve(kept * N * activated) : fch
        return LayerBuffers(
            ln1: ln1.reserve(kept * N * C), ln1Mean: ln1Mean.reserve(slots * N), ln1Rstd: ln1Rstd.reserve(slots * N),
            qkv: qkv.reserve(slots * N * config.qkvWidth), att: att.reserve(max(1, batch.scoreCount)),
            atty: atty.reserve(slots * N * config.qWidth), res2: res2.reserve(slots * N * C),
            ln2: ln2.reserve(kept * N * C), ln2Mean: ln2Mean.reserve(slots * N), ln2Rstd: ln2Rstd.reserve(slots * N),
            fch: fch, fchAct: fchAct, res3: res3.reserve(slots * N * C))
    }

    /// Keys and values of this layer into the caches of the segments that fill one.
    private func storeCaches(layer l: Int, qkv: UnsafePointer<Float>) {
        let stride = config.qkvWidth
        for seg in batch.segments {
            seg.writeCache?.store(layer: l, from: qkv + seg.start * stride, qkvStride: stride,
                                  queryWidth: config.qWidth, rows: seg.length, at: seg.pastLength)
        }
    }

    /// x + attention(LayerNorm(x)), then + MLP(LayerNorm(·)) with GELU; biases everywhere.
    private func gpt2Block(_ model: Transformer, layer l: Int, slot s: Int, input: UnsafePointer<Float>,
                           _ b: LayerBuffers) {
        let N = batch.count, C = config.width, eps = config.layerNormEpsilon
        let p = model.parameters, w = model.layout.layers[l]
        let W = model.matrixWeights()
        let ln1 = b.ln1 + s * N * C, qkv = b.qkv + s * N * 3 * C, atty = b.atty + s * N * C
        let res2 = b.res2 + s * N * C, ln2 = b.ln2 + s * N * C, res3 = b.res3 + s * N * C
        let fch = b.fch + s * N * 4 * C, fchGelu = b.fchAct + s * N * 4 * C
        layernormForward(ln1, b.ln1Mean + s * N, b.ln1Rstd + s * N, input, p + w.ln1w, p + w.ln1b, N, C, eps)
        matmulForward(qkv, ln1, W[w.qkvw], w.qkvb.map { UnsafePointer(p + $0) }, N, C, 3 * C)
        storeCaches(layer: l, qkv: qkv)
        attentionForward(atty, b.att, qkv, batch.segments, layer: l, AttentionShape(config))
        res2.update(from: input, count: N * C)
        matmulForward(res2, atty, W[w.attprojw], p + w.attprojb, N, C, C, accumulate: true)
        layernormForward(ln2, b.ln2Mean + s * N, b.ln2Rstd + s * N, res2, p + w.ln2w, p + w.ln2b, N, C, eps)
        matmulForward(fch, ln2, W[w.fcw], p + w.fcb, N, C, 4 * C)
        geluForward(fchGelu, fch, N * 4 * C)
        res3.update(from: res2, count: N * C)
        matmulForward(res3, fchGelu, W[w.fcprojw], p + w.fcprojb, N, 4 * C, C, accumulate: true)
    }

    /// x + Wo·attention(rope(Wqkv·RMSNorm(x))), then + Wdown·swiglu(Wgate|up·RMSNorm(·)).
    private func llamaBlock(_ model: Transformer, layer l: Int, slot s: Int, input: UnsafePointer<Float>,
                            _ b: LayerBuffers) {
        let N = batch.count, C = config.width, F = config.ffnWidth, eps = config.layerNormEpsilon
        let QKV = config.qkvWidth, Q = config.qWidth
        let p = model.parameters, w = model.layout.layers[l]
        let W = model.matrixWeights()
        // The norms' outputs and SwiGLU's are cheap to recompute from what is kept (the block input, res2,
        // rstd and gate|up), so training keeps one shared copy of each instead of one per layer.
        let ln1 = b.ln1, qkv = b.qkv + s * N * QKV, atty = b.atty + s * N * Q
        let res2 = b.res2 + s * N * C, ln2 = b.ln2, res3 = b.res3 + s * N * C
        let gateUp = b.fch + s * N * 2 * F, hidden = b.fchAct
        rmsnormForward(ln1, b.ln1Rstd + s * N, input, p + w.ln1w, N, C, eps)
        matmulForward(qkv, ln1, W[w.qkvw], w.qkvb.map { UnsafePointer(p + $0) }, N, C, QKV, layout: .outIn)
        batch.positions.withUnsafeBufferPointer { positions in
            ropeRotate(qkv, positions.baseAddress!, rope, N, config.heads + config.kvHeads, config.headDim, stride: QKV)
        }
        storeCaches(layer: l, qkv: qkv)
        attentionForward(atty, b.att, qkv, batch.segments, layer: l, AttentionShape(config))
        res2.update(from: input, count: N * C)
        matmulForward(res2, atty, W[w.attprojw], nil, N, Q, C, layout: .outIn, accumulate: true)
        rmsnormForward(ln2, b.ln2Rstd + s * N, res2, p + w.ln2w, N, C, eps)
        matmulForward(gateUp, ln2, W[w.fcw], nil, N, C, 2 * F, layout: .outIn)
        swigluForward(hidden, gateUp, N, F)
        res3.update(from: res2, count: N * C)
        matmulForward(res3, hidden, W[w.fcprojw], nil, N, F, C, layout: .outIn, accumulate: true)
    }

    /// The final norm over M gathered rows: LayerNorm (GPT-2) or RMSNorm; statistics kept for backward.
    private func finalNorm(_ model: Transformer, _ out: Floats, _ inp: UnsafePointer<Float>, _ M: Int) {
        let p = model.parameters, layout = model.layout, C = config.width, eps = config.layerNormEpsilon
        let rstd = lnfRstd.reserve(M)
        switch config.family {
        case .gpt2: layernormForward(out, lnfMean.reserve(M), rstd, inp, p + layout.lnfw, p + layout.lnfb, M, C, eps)
        case .llama: rmsnormForward(out, rstd, inp, p + layout.lnfw, M, C, eps)
        }
    }

    /// Final LayerNorm, logits and cross-entropy on the scored rows only (prompt rows need no logits).
    private func classify(_ model: Transformer, output: UnsafePointer<Float>, gradients: Floats?,
                          gradScale: Float) -> [Double] {
        scoredRows = batch.scoredRows
        scoredTargets = scoredRows.map { batch.targets[$0] }
        let M = scoredRows.count, C = config.width, V = config.vocabSize
        guard M > 0 else { return [] }
        let layout = model.layout, W = model.matrixWeights()
        let lnfIn = lnfIn.reserve(M * C), lnf = lnf.reserve(M * C)
        for (m, row) in scoredRows.enumerated() { (lnfIn + m * C).update(from: output + row * C, count: C) }
        finalNorm(model, lnf, lnfIn, M)
        let chunk = Self.logitChunk
        let logits = logits.reserve(min(M, chunk) * V)
        let dlnf = gradients == nil ? nil : dlnf.reserve(M * C)
        var losses = [Double](repeating: 0, count: M)
        losses.withUnsafeMutableBufferPointer { losses in
            scoredTargets.withUnsafeBufferPointer { targets in
                for lo in stride(from: 0, to: M, by: chunk) {
                    let m = min(chunk, M - lo), x = lnf + lo * C
                    // logits is (m,V) = x (m,C) · lmHeadᵀ (the token embedding when tied).
                    matmulForward(logits, x, W[layout.lmHead], nil, m, C, V, layout: .outIn)
                    crossEntropyForward(losses.baseAddress! + lo, logits, targets.baseAddress! + lo, m, V,
                                        gradScale: gradients == nil ? nil : gradScale)
                    if let gradients, let dlnf {
                        matmulBackward(dlnf + lo * C, gradients + layout.lmHead, nil, logits, x, W[layout.lmHead],
                                       m, C, V, layout: .outIn)
                    }
                }
            }
        }
        return losses
    }
}
