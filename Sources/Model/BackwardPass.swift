/// The gradient buffers of one backward pass and the code that fills them, layer by layer in reverse.
final class BackwardPass {
    private let dres = Scratch(), dln = Scratch(), dqkv = Scratch(), datty = Scratch()
    private let datt = Scratch(), dfch = Scratch(), dlnfIn = Scratch()

    /// Adds d(loss)/d(parameters) to `gradients`, given a training `forward` that ran with gradients
    /// (so the output layer's part is in `gradients` and d(loss)/d(lnf) in `forward.dlnf`).
    func run(_ model: GPT2, _ forward: ForwardPass, gradients g: Floats) {
        precondition(forward.training, "backward needs the activations a training pass keeps")
        let config = forward.config, batch = forward.batch
        let N = batch.count, C = config.width, L = config.layers, NH = config.heads
        let M = forward.scoredRows.count
        let p = model.parameters, layout = model.layout
        let dres = dres.reserve(N * C), dln = dln.reserve(N * C), dqkv = dqkv.reserve(N * 3 * C)
        let datty = datty.reserve(N * C), datt = datt.reserve(max(1, batch.scoreCount))
        let dfch = dfch.reserve(N * 4 * C), dlnfIn = dlnfIn.reserve(max(1, M * C))
        let ln1 = forward.ln1.pointer, ln1Mean = forward.ln1Mean.pointer, ln1Rstd = forward.ln1Rstd.pointer
        let qkv = forward.qkv.pointer, att = forward.att.pointer, atty = forward.atty.pointer
        let res2 = forward.res2.pointer, ln2 = forward.ln2.pointer
        let ln2Mean = forward.ln2Mean.pointer, ln2Rstd = forward.ln2Rstd.pointer
        let fch = forward.fch.pointer, fchGelu = forward.fchGelu.pointer, res3 = forward.res3.pointer

        // Final LayerNorm over the gathered scored rows, then scatter into the residual stream.
        dres.update(repeating: 0, count: N * C)
        if M > 0 {
            dlnfIn.update(repeating: 0, count: M * C)
            layernormBackward(dlnfIn, g + layout.lnfw, g + layout.lnfb, forward.dlnf.pointer, forward.lnfIn.pointer,
                              p + layout.lnfw, forward.lnfMean.pointer, forward.lnfRstd.pointer, M, C)
            for (m, row) in forward.scoredRows.enumerated() {
                (dres + row * C).update(from: dlnfIn + m * C, count: C)
            }
        }
        for l in stride(from: L - 1, through: 0, by: -1) {
            let w = layout.layers[l]
            let input = l == 0 ? forward.encoded.pointer : res3 + (l - 1) * N * C
            let fchL = fch + l * N * 4 * C
            // res3 = res2 + fchGelu·Wp + bp; dres flows through unchanged to res2.
            matmulBackward(dfch, g + w.fcprojw, g + w.fcprojb, dres, fchGelu + l * N * 4 * C, p + w.fcprojw,
                           N, 4 * C, C)
            geluBackward(dfch, fchL, N * 4 * C)
            matmulBackward(dln, g + w.fcw, g + w.fcb, dfch, ln2 + l * N * C, p + w.fcw, N, C, 4 * C)
            layernormBackward(dres, g + w.ln2w, g + w.ln2b, dln, res2 + l * N * C, p + w.ln2w,
                              ln2Mean + l * N, ln2Rstd + l * N, N, C)
            // res2 = input + atty·Wap + bap.
            matmulBackward(datty, g + w.attprojw, g + w.attprojb, dres, atty + l * N * C, p + w.attprojw, N, C, C)
            attentionBackward(dqkv, datt, datty, qkv + l * N * 3 * C, att + l * batch.scoreCount,
                              batch.segments, C, NH)
            matmulBackward(dln, g + w.qkvw, g + w.qkvb, dqkv, ln1 + l * N * C, p + w.qkvw, N, C, 3 * C)
            layernormBackward(dres, g + w.ln1w, g + w.ln1b, dln, input, p + w.ln1w,
                              ln1Mean + l * N, ln1Rstd + l * N, N, C)
        }
        batch.tokens.withUnsafeBufferPointer { tokens in
            batch.positions.withUnsafeBufferPointer { positions in
                encoderBackward(g + layout.wte, g + layout.wpe, dres, tokens.baseAddress!, positions.baseAddress!, N, C)
            }
        }
    }
}
