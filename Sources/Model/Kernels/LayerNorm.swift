import Foundation

/// out is (N,C); mean and rstd are (N) and saved for the backward pass; inp is (N,C); weight, bias are (C).
func layernormForward(_ out: Floats, _ mean: Floats, _ rstd: Floats, _ inp: UnsafePointer<Float>,
                      _ weight: UnsafePointer<Float>, _ bias: UnsafePointer<Float>,
                      _ N: Int, _ C: Int, _ eps: Float) {
    Compute.parallelChunks(N, minChunk: 8) { rows in
        for i in rows {
            let x = inp + i * C, o = out + i * C
            var m: Float = 0
            for c in 0..<C { m += x[c] }
            m /= Float(C)
            var v: Float = 0
            for c in 0..<C { let d = x[c] - m; v += d * d }
            v /= Float(C)
            let s = 1 / (v + eps).squareRoot()
            for c in 0..<C { o[c] = (x[c] - m) * s * weight[c] + bias[c] }
            mean[i] = m
            rstd[i] = s
        }
    }
}

/// dinp is (N,C) and ACCUMULATED (+=), as is the residual stream gradient; dweight, dbias are (C),
/// accumulated; dout, inp are (N,C); mean, rstd are (N) from the forward pass.
func layernormBackward(_ dinp: Floats, _ dweight: Floats, _ dbias: Floats,
                       _ dout: UnsafePointer<Float>, _ inp: UnsafePointer<Float>, _ weight: UnsafePointer<Float>,
                       _ mean: UnsafePointer<Float>, _ rstd: UnsafePointer<Float>, _ N: Int, _ C: Int) {
    Compute.parallelChunks(N, minChunk: 8) { rows in
        for i in rows {
            let d = dout + i * C, x = inp + i * C, di = dinp + i * C
            let m = mean[i], s = rstd[i]
            var dnormMean: Float = 0, dnormNormMean: Float = 0
            for c in 0..<C {
                let dnorm = weight[c] * d[c]
                dnormMean += dnorm
                dnormNormMean += dnorm * (x[c] - m) * s
            }
            dnormMean /= Float(C)
            dnormNormMean /= Float(C)
            for c in 0..<C {
                let xhat = (x[c] - m) * s
                di[c] += (weight[c] * d[c] - dnormMean - xhat * dnormNormMean) * s
            }
        }
    }
    // Parameter gradients reduce over rows: split by columns so each sum has one fixed order.
    let blocks = min(C, 16), size = (C + blocks - 1) / blocks
    Compute.parallelFor(blocks) { b in
        let lo = b * size, hi = min(C, lo + size)
        guard lo < hi else { return }
        for i in 0..<N {
            let d = dout + i * C, x = inp + i * C
            let m = mean[i], s = rstd[i]
            for c in lo..<hi {
                dweight[c] += (x[c] - m) * s * d[c]
                dbias[c] += d[c]
            }
        }
    }
}
