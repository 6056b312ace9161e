import COpenBLAS

/// A raw float buffer; kernels index it with llm.c's short dimension names.
typealias Floats = UnsafeMutablePointer<Float>

/// out is (T,OC); inp is (T,C); weight is (OC,C) row-major, i.e. HF's (out_features, in_features);
/// bias is (OC) or nil. Computes out = inp · weightᵀ (+ bias), or with `accumulate` adds that to out,
/// which fuses the residual connection into the output projections.
///
/// Split over the workers by blocks of output columns (= weight rows), each one single-threaded SGEMM.
func matmulForward(_ out: Floats, _ inp: UnsafePointer<Float>, _ weight: UnsafePointer<Float>,
                   _ bias: UnsafePointer<Float>?, _ T: Int, _ C: Int, _ OC: Int, accumulate: Bool = false) {
    let blocks = Parallel.threads
    // Blocks of a multiple of 16 columns keep the SGEMM micro-kernel on full vector tiles.
    let size = ((OC + blocks - 1) / blocks + 15) / 16 * 16
    Parallel.forEach((OC + size - 1) / size, flops: 2 * T * C * OC) { b in
        let j0 = b * size, n = min(OC, j0 + size) - j0
        if let bias {
            for t in 0..<T {
                let o = out + t * OC + j0
                if accumulate {
                    for j in 0..<n { o[j] += bias[j0 + j] }
                } else {
                    o.update(from: bias + j0, count: n)
                }
            }
        }
        let beta: Float = (bias != nil || accumulate) ? 1 : 0
        // The weight's stored layout is op(B) = Bᵀ: BLAS reads it transposed in place, nothing is copied.
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, blasint(T), blasint(n), blasint(C),
                    1, inp, blasint(C), weight + j0 * C, blasint(C), beta, out + j0, blasint(OC))
    }
}
