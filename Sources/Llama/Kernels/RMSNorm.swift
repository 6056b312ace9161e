/// out is (T,C); inp is (T,C); weight is (C). out = inp / sqrt(mean(inp²) + eps) · weight, per row.
///
/// The mean of squares is summed in Double: the reference (PyTorch fp32, pairwise) is then matched to
/// well under a Float ulp of the result, whatever order the rows are summed in.
func rmsNormForward(_ out: Floats, _ inp: UnsafePointer<Float>, _ weight: UnsafePointer<Float>,
                    _ T: Int, _ C: Int, _ eps: Float) {
    Parallel.chunks(T, flops: 4 * T * C) { rows in
        for t in rows {
            let x = inp + t * C, o = out + t * C
            var ss: Double = 0
            for c in 0..<C { ss += Double(x[c]) * Double(x[c]) }
            // HF computes rsqrt(mean + eps) in fp32; rounding the mean to Float first keeps that order of operations.
            let s = 1 / (Float(ss / Double(C)) + eps).squareRoot()
            for c in 0..<C { o[c] = x[c] * s * weight[c] }
        }
    }
}
