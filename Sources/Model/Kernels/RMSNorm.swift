/// RMSNorm, the Llama family's normalisation: out = x / sqrt(mean(x²) + eps) · weight, per row.

/// out is (N,C); rstd is (N), saved for the backward pass (nil when not training); inp is (N,C); weight is (C).
///
/// The mean of squares is summed in Double and rounded to Float before adding eps, the order of HF's fp32
/// `rsqrt(mean + eps)`, so the reference is matched to well under a Float ulp whatever the summation order.
func rmsnormForward(_ out: Floats, _ rstd: Floats?, _ inp: UnsafePointer<Float>, _ weight: UnsafePointer<Float>,
                    _ N: Int, _ C: Int, _ eps: Float) {
    Compute.parallelChunks(N, minChunk: 8) { rows in
        for i in rows {
            let x = inp + i * C, o = out + i * C
            var ss: Double = 0
            for c in 0..<C { ss += Double(x[c]) * Double(x[c]) }
            let s = 1 / (Float(ss / Double(C)) + eps).squareRoot()
            for c in 0..<C { o[c] = x[c] * s * weight[c] }
            rstd?[i] = s
        }
    }
}

/// out is (N,C) = inp · rstd · weight per row, with the rstd the forward pass saved: the forward output again,
/// bit for bit, without the mean of squares.
func rmsnormApply(_ out: Floats, _ inp: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, _ rstd: UnsafePointer<Float>,
                  _ N: Int, _ C: Int) {
    Compute.parallelChunks(N, minChunk: 8) { rows in
        for i in rows {
            let x = inp + i * C, o = out + i * C, s = rstd[i]
            for c in 0..<C { o[c] = x[c] * s * weight[c] }
        }
    }
}

/// dinp is (N,C) and ACCUMULATED (+=), as is the residual stream's gradient; dweight is (C), accumulated;
/// dout, inp are (N,C); rstd is (N) from the forward pass.
///
/// With x̂ = x·r: d(x) = r · (w∘dy − x̂ · mean(w∘dy∘x̂)), d(w) = Σ_rows dy∘x̂.
func rmsnormBackward(_ dinp: Floats, _ dweight: Floats, _ dout: UnsafePointer<Float>, _ inp: UnsafePointer<Float>,
                     _ weight: UnsafePointer<Float>, _ rstd: UnsafePointer<Float>, _ N: Int, _ C: Int) {
    Compute.parallelChunks(N, minChunk: 8) { rows in
        for i in rows {
            let d = dout + i * C, x = inp + i * C, di = dinp + i * C, r = rstd[i]
            var dot: Float = 0
            for c in 0..<C { dot += weight[c] * d[c] * x[c] * r }
            let mean = dot / Float(C)
            for c in 0..<C { di[c] += r * (weight[c] * d[c] - x[c] * r * mean) }
        }
    }
    // The weight gradient reduces over rows: split by columns so each sum has one fixed order.
    let blocks = min(C, 16), size = (C + blocks - 1) / blocks
    Compute.parallelFor(blocks) { b in
        let lo = b * size, hi = min(C, lo + size)
        guard lo < hi else { return }
        for i in 0..<N {
            let d = dout + i * C, x = inp + i * C, r = rstd[i]
            for c in lo..<hi { dweight[c] += d[c] * x[c] * r }
        }
    }
}
