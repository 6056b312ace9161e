import Foundation

/// sqrt(2/pi), the constant of GPT-2's tanh approximation of GELU ("gelu_new").
private let geluScale: Float = 0.7978845608028654

/// tanh through one expf: glibc's tanhf goes through expm1f and was a tenth of training time.
/// Clamping keeps exp finite; tanh(±9) is ±1 to float precision.
@inline(__always)
private func fastTanh(_ u: Float) -> Float {
    let e = expf(2 * min(max(u, -9), 9))
    return (e - 1) / (e + 1)
}

/// out is (count); inp is (count): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
func geluForward(_ out: Floats, _ inp: UnsafePointer<Float>, _ count: Int) {
    Compute.parallelChunks(count, minChunk: 4096) { range in
        for i in range {
            let x = inp[i]
            out[i] = 0.5 * x * (1 + fastTanh(geluScale * (x + 0.044715 * x * x * x)))
        }
    }
}

/// dinout holds d(out) on entry and d(inp) on return (in place); inp is the forward input.
func geluBackward(_ dinout: Floats, _ inp: UnsafePointer<Float>, _ count: Int) {
    Compute.parallelChunks(count, minChunk: 4096) { range in
        for i in range {
            let x = inp[i]
            let u = geluScale * (x + 0.044715 * x * x * x)
            let t = fastTanh(u)
            let sech2 = 1 - t * t
            let grad = 0.5 * (1 + t) + 0.5 * x * sech2 * geluScale * (1 + 3 * 0.044715 * x * x)
            dinout[i] *= grad
        }
    }
}
