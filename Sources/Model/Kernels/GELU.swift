/// sqrt(2/pi), the constant of GPT-2's tanh approximation of GELU ("gelu_new").
private let geluScale: Float = 0.7978845608028654

/// tanh through one vectorised exp: glibc's tanhf goes through expm1f and cost a tenth of training
/// time. Clamping keeps exp finite; tanh(±9) is ±1 to float precision.
@inline(__always)
private func fastTanh(_ u: SIMD8<Float>) -> SIMD8<Float> {
    let e = fastExp(2 * pointwiseMin(pointwiseMax(u, SIMD8(repeating: -9)), SIMD8(repeating: 9)))
    return (e - 1) / (e + 1)
}

/// Runs `body` on 8 floats at a time; the tail goes through a zero-padded vector, so every element
/// is computed by the same formula.
@inline(__always)
private func forEachVector(_ range: Range<Int>, _ load: (Int) -> SIMD8<Float>,
                           _ body: (Int, SIMD8<Float>, Int) -> Void) {
    var i = range.lowerBound
    while i < range.upperBound {
        let n = min(8, range.upperBound - i)
        body(i, load(i), n)
        i += 8
    }
}

/// out is (count); inp is (count): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
func geluForward(_ out: Floats, _ inp: UnsafePointer<Float>, _ count: Int) {
    Compute.parallelChunks(count, minChunk: 4096) { range in
        forEachVector(range, { load(inp, $0, range.upperBound) }) { i, x, n in
            let u: SIMD8<Float> = geluScale * (x + 0.044715 * x * x * x)
            let y: SIMD8<Float> = 0.5 * x * (1 + fastTanh(u))
            if n == 8 {
                UnsafeMutableRawPointer(out + i).storeBytes(of: y, as: SIMD8<Float>.self)
            } else {
                for k in 0..<n { out[i + k] = y[k] }
            }
        }
    }
}

/// dinout holds d(out) on entry and d(inp) on return (in place); inp is the forward input.
func geluBackward(_ dinout: Floats, _ inp: UnsafePointer<Float>, _ count: Int) {
    Compute.parallelChunks(count, minChunk: 4096) { range in
        forEachVector(range, { load(inp, $0, range.upperBound) }) { i, x, n in
            let x2: SIMD8<Float> = x * x
            let u: SIMD8<Float> = geluScale * (x + 0.044715 * x2 * x)
            let t = fastTanh(u)
            let du: SIMD8<Float> = geluScale * (1 + 3 * 0.044715 * x2)
            let grad: SIMD8<Float> = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du
            if n == 8 {
                let raw = UnsafeMutableRawPointer(dinout + i)
                raw.storeBytes(of: raw.loadUnaligned(as: SIMD8<Float>.self) * grad, as: SIMD8<Float>.self)
            } else {
                for k in 0..<n { dinout[i + k] *= grad[k] }
            }
        }
    }
}

/// Eight floats from p[i...], zero-padded past `end`.
@inline(__always)
private func load(_ p: UnsafePointer<Float>, _ i: Int, _ end: Int) -> SIMD8<Float> {
    if i + 8 <= end { return UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self) }
    var v = SIMD8<Float>(repeating: 0)
    for k in 0..<(end - i) { v[k] = p[i + k] }
    return v
}
