/// The gradient buffers of one backward pass and the code that fills them, layer by layer in reverse.
final class BackwardPass {
    private let dres = Scratch(), dln = Scratch(), dqkv = Scratch(), datty = Scratch()
    private let dfch = Scratch(), dhidden = Scratch(), dlnfIn = Scratch()

    /// Adds d(loss)/d(parameters) to `gradients`, given a training `forward` that ran with gradients
    /// (so the output layer's part is in `gradients` and d(loss)/d(lnf) in `forward.dlnf`).
    func run(_ model: Transformer, _ forward: ForwardPass, gradients g: Floats) {
        precondition(forward.training, "backward needs the activations a training pass keeps")
        let config = forward.config, batch = forward.batch
        let N = batch.count, C = config.width, M = forward.scoredRows.count
        let p = model.parameters, layout = model.layout
        let dres = dres.reserve(N * C), dlnfIn = dlnfIn.reserve(max(1, M * C))

        // Final norm over the gathered scored rows, then scatter into the residual stream.
        dres.update(repeating: 0, count: N * C)
        if M > 0 {
            dlnfIn.update(repeating: 0, count: M * C)
            switch config.family {
            case .gpt2:
                layernormBackward(dlnfIn, g + layout.lnfw, g + layout.lnfb, forward.dlnf.pointer, forward.lnfIn.pointer,
                                  p + layout.lnfw, forward.lnfMean.pointer, forward.lnfRstd.pointer, M, C)
            case .llama:
                rmsnormBackward(dlnfIn, g + layout.lnfw, forward.dlnf.pointer, forward.lnfIn.pointer,
                                p + layout.lnfw, forward.lnfRstd.pointer, M, C)
            }
            for (m, row) in forward.scoredRows.enumerated() {
                (dres + row * C).update(from: dlnfIn + m * C, count: C)
            }
        }
        for l in stride(from: config.layers - 1, through: 0, by: -1) {
            let input = l == 0 ? forward.encoded.pointer : forward.res3.pointer + (l - 1) * N * C
            switch config.family {
            case .gpt2: gpt2Block(model, forward, layer: l, input: input, dres: dres, gradients: g)
            case .llama: llamaBlock(model, forward, layer: l, input: input, dres: dres, gradients: g)
            }
        }
        batch.tokens.withUnsafeBufferPointer { tokens in
            batch.positions.withUnsafeBufferPointer { positions in
                switch config.family {
                case .gpt2:
                    encoderBackward(g + layout.wte, g + layout.wpe, dres, tokens.baseAddress!, positions.baseAddress!, N, C)
                case .llama:
                    embeddingBackward(g + layout.wte, dres, tokens.baseAddress!, N, C)
                }
            }
        }
    }

    /// One GPT-2 block in reverse; `dres` holds d(loss)/d(block output) and leaves with d(loss)/d(input).
    private func gpt2Block(_ model: Transformer, _ f: ForwardPass, layer l: Int, input: UnsafePointer<Float>,
                           dres: Floats, gradients g: Floats) {
        let batch = f.batch, N = batch.count, C = f.config.width
        let p = model.parameters, w = model.layout.layers[l]
        let W = model.matrixWeights()
        let dln = dln.reserve(N * C), dqkv = dqkv.reserve(N * 3 * C), datty = datty.reserve(N * C)
        let dfch = dfch.reserve(N * 4 * C)
        let fch = f.fch.pointer + l * N * 4 * C, fchGelu = f.fchGelu.pointer + l * N * 4 * C
        let ln1 = f.ln1.pointer + l * N * C, ln2 = f.ln2.pointer + l * N * C, res2 = f.res2.pointer + l * N * C
        // res3 = res2 + fchGelu·Wp + bp; dres flows through unchanged to res2.
        matmulBackward(dfch, g + w.fcprojw, g + w.fcprojb, dres, fchGelu, W[w.fcprojw], N, 4 * C, C)
        geluBackward(dfch, fch, N * 4 * C)
        matmulBackward(dln, g + w.fcw, g + w.fcb, dfch, ln2, W[w.fcw], N, C, 4 * C)
        layernormBackward(dres, g + w.ln2w, g + w.ln2b, dln, res2, p + w.ln2w,
                          f.ln2Mean.pointer + l * N, f.ln2Rstd.pointer + l * N, N, C)
        // res2 = input + atty·Wap + bap.
        matmulBackward(datty, g + w.attprojw, g + w.attprojb, dres, f.atty.pointer + l * N * C, W[w.attprojw], N, C, C)
        attentionBackward(dqkv, datty, f.qkv.pointer + l * N * 3 * C, batch.segments, AttentionShape(f.config))
        matmulBackward(dln, g + w.qkvw, w.qkvb.map { g + $0 }, dqkv, ln1, W[w.qkvw], N, C, 3 * C)
        layernormBackward(dres, g + w.ln1w, g + w.ln1b, dln, input, p + w.ln1w,
                          f.ln1Mean.pointer + l * N, f.ln1Rstd.pointer + l * N, N, C)
    }

    /// One Llama-family block in reverse, as `gpt2Block`.
    private func llamaBlock(_ model: Transformer, _ f: ForwardPass, layer l: Int, input: UnsafePointer<Float>,
                            dres: Floats, gradients g: Floats) {
        let config = f.config, batch = f.batch, N = batch.count, C = config.width, F = config.ffnWidth
        let Q = config.qWidth, QKV = config.qkvWidth
        let p = model.parameters, w = model.layout.layers[l]
        let W = model.matrixWeights()
        let dln = dln.reserve(N * C), dqkv = dqkv.reserve(N * QKV), datty = datty.reserve(N * Q)
        let dgateUp = dfch.reserve(N * 2 * F), dhidden = dhidden.reserve(N * F)
        let gateUp = f.fch.pointer + l * N * 2 * F, res2 = f.res2.pointer + l * N * C
        let rstd1 = f.ln1Rstd.pointer + l * N, rstd2 = f.ln2Rstd.pointer + l * N
        // The forward pass kept one shared buffer for each norm output and for SwiGLU's output (see
        // `ForwardPass.llamaBlock`); recompute this layer's from what it kept.
        let ln1 = f.ln1.pointer, ln2 = f.ln2.pointer, hidden = f.fchGelu.pointer
        rmsnormApply(ln2, res2, p + w.ln2w, rstd2, N, C)
        swigluForward(hidden, gateUp, N, F)
        // res3 = res2 + hidden·Wdownᵀ.
        matmulBackward(dhidden, g + w.fcprojw, nil, dres, hidden, W[w.fcprojw], N, F, C, layout: .outIn)
        swigluBackward(dgateUp, dhidden, gateUp, N, F)
        matmulBackward(dln, g + w.fcw, nil, dgateUp, ln2, W[w.fcw], N, C, 2 * F, layout: .outIn)
        rmsnormBackward(dres, g + w.ln2w, dln, res2, p + w.ln2w, rstd2, N, C)
        // res2 = input + atty·Woᵀ.
        matmulBackward(datty, g + w.attprojw, nil, dres, f.atty.pointer + l * N * Q, W[w.attprojw], N, Q, C,
                       layout: .outIn)
        attentionBackward(dqkv, datty, f.qkv.pointer + l * N * QKV, batch.segments, AttentionShape(config))
        // The forward pass rotated q and k in place after the projection; undo the rotation on their gradients.
        batch.positions.withUnsafeBufferPointer { positions in
            ropeRotate(dqkv, positions.baseAddress!, f.rope, N, config.heads + config.kvHeads, config.headDim,
                       stride: QKV, inverse: true)
        }
        rmsnormApply(ln1, input, p + w.ln1w, rstd1, N, C)
        matmulBackward(dln, g + w.qkvw, w.qkvb.map { g + $0 }, dqkv, ln1, W[w.qkvw], N, C, QKV, layout: .outIn)
        rmsnormBackward(dres, g + w.ln1w, dln, input, p + w.ln1w, rstd1, N, C)
    }
}
