/// How a weight matrix is stored; the GEMM transpose flags absorb the difference, nothing is copied.
enum WeightLayout {
    /// (C,OC), [in,out]: HF GPT-2's Conv1D layers.
    case inOut
    /// (OC,C), [out,in]: the token embedding reused as the output layer.
    case outIn
}

/// out is (N,OC); inp is (N,C); weight is (C,OC) or (OC,C) per `layout`; bias is (OC) or nil.
/// With `accumulate` the product is added to what `out` holds (fusing the residual add).
/// A weight with a bf16 copy is multiplied in bf16 (`gemmBF16`), otherwise in float32.
func matmulForward(_ out: Floats, _ inp: UnsafePointer<Float>, _ weight: WeightMatrix,
                   _ bias: UnsafePointer<Float>?, _ N: Int, _ C: Int, _ OC: Int,
                   layout: WeightLayout = .inOut, accumulate: Bool = false) {
    if let bias {
        Compute.parallelChunks(N, minChunk: 16) { rows in
            for i in rows {
                let o = out + i * OC
                if accumulate {
                    for j in 0..<OC { o[j] += bias[j] }
                } else {
                    o.update(from: bias, count: OC)
                }
            }
        }
    }
    let beta: Float = (bias != nil || accumulate) ? 1 : 0
    let transB = layout == .outIn
    product(false, transB, N, OC, C, inp, C, weight, transB ? C : OC, beta, out, OC)
}

/// dinp is (N,C), OVERWRITTEN (nil skips it); dweight is laid out like the weight and dbias is (OC),
/// both accumulated; dout is (N,OC); inp is (N,C). In bf16 (a weight with a bf16 copy) both products round
/// their inputs to bf16; the gradients accumulate in float32.
func matmulBackward(_ dinp: Floats?, _ dweight: Floats, _ dbias: Floats?,
                    _ dout: UnsafePointer<Float>, _ inp: UnsafePointer<Float>, _ weight: WeightMatrix,
                    _ N: Int, _ C: Int, _ OC: Int, layout: WeightLayout = .inOut) {
    let bf16 = weight.bf16 != nil
    switch layout {
    case .inOut:
        if let dinp { product(false, true, N, C, OC, dout, OC, weight, OC, 0, dinp, C) }
        activationProduct(true, C, OC, N, inp, C, dout, OC, dweight, OC, bf16: bf16)
    case .outIn:
        if let dinp { product(false, false, N, C, OC, dout, OC, weight, C, 0, dinp, C) }
        activationProduct(true, OC, C, N, dout, OC, inp, C, dweight, C, bf16: bf16)
    }
    guard let dbias else { return }
    // Column sums in a fixed row order per column block: deterministic for any thread count.
    let blocks = min(OC, 32), size = (OC + blocks - 1) / blocks
    Compute.parallelFor(blocks) { b in
        let lo = b * size, hi = min(OC, lo + size)
        guard lo < hi else { return }
        for i in 0..<N {
            let d = dout + i * OC
            for j in lo..<hi { dbias[j] += d[j] }
        }
    }
}

/// C (M,N) = beta·C + A (M,K) · op(W): an activation times a weight, in the weight's precision.
private func product(_ transA: Bool, _ transB: Bool, _ M: Int, _ N: Int, _ K: Int,
                     _ A: UnsafePointer<Float>, _ lda: Int, _ W: WeightMatrix, _ ldb: Int,
                     _ beta: Float, _ C: Floats, _ ldc: Int) {
    if let w = W.bf16 {
        gemmBF16(transA, transB, M, N, K, 1, .f32(A), lda, .bf16(w), ldb, beta, C, ldc)
    } else {
        gemm(transA, transB, M, N, K, 1, A, lda, W.f32, ldb, beta, C, ldc)
    }
}

/// C (M,N) += op(A) · B of two activations (a weight gradient): bf16 inputs when the pass runs in bf16.
private func activationProduct(_ transA: Bool, _ M: Int, _ N: Int, _ K: Int,
                               _ A: UnsafePointer<Float>, _ lda: Int, _ B: UnsafePointer<Float>, _ ldb: Int,
                               _ C: Floats, _ ldc: Int, bf16: Bool) {
    if bf16 {
        gemmBF16(transA, false, M, N, K, 1, .f32(A), lda, .f32(B), ldb, 1, C, ldc)
    } else {
        gemm(transA, false, M, N, K, 1, A, lda, B, ldb, 1, C, ldc)
    }
}
