/// How a weight matrix is stored; the GEMM transpose flags absorb the difference, nothing is copied.
enum WeightLayout {
    /// (C,OC), [in,out]: HF GPT-2's Conv1D layers.
    case inOut
    /// (OC,C), [out,in]: the token embedding reused as the output layer.
    case outIn
}

/// out is (N,OC); inp is (N,C); weight is (C,OC) or (OC,C) per `layout`; bias is (OC) or nil.
/// With `accumulate` the product is added to what `out` holds (fusing the residual add).
func matmulForward(_ out: Floats, _ inp: UnsafePointer<Float>, _ weight: UnsafePointer<Float>,
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
    switch layout {
    case .inOut: gemm(false, false, N, OC, C, 1, inp, C, weight, OC, beta, out, OC)
    case .outIn: gemm(false, true, N, OC, C, 1, inp, C, weight, C, beta, out, OC)
    }
}

/// dinp is (N,C), OVERWRITTEN (nil skips it); dweight is laid out like the weight and dbias is (OC),
/// both accumulated; dout is (N,OC); inp is (N,C).
func matmulBackward(_ dinp: Floats?, _ dweight: Floats, _ dbias: Floats?,
                    _ dout: UnsafePointer<Float>, _ inp: UnsafePointer<Float>, _ weight: UnsafePointer<Float>,
                    _ N: Int, _ C: Int, _ OC: Int, layout: WeightLayout = .inOut) {
    switch layout {
    case .inOut:
        if let dinp { gemm(false, true, N, C, OC, 1, dout, OC, weight, OC, 0, dinp, C) }
        gemm(true, false, C, OC, N, 1, inp, C, dout, OC, 1, dweight, OC)
    case .outIn:
        if let dinp { gemm(false, false, N, C, OC, 1, dout, OC, weight, C, 0, dinp, C) }
        gemm(true, false, OC, C, N, 1, dout, OC, inp, C, 1, dweight, C)
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
