/// Vectorised exp for the elementwise kernels: glibc's expf is one call per float and costs as much
/// as the GEMMs' tails. Cephes' single-precision polynomial, within 2 ulp over the clamped range.
@inline(__always)
func fastExp(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let clamped = pointwiseMin(pointwiseMax(x, SIMD8(repeating: -87.3)), SIMD8(repeating: 88.3))
    // Adding 1.5·2²³ rounds to an integer held in the low mantissa bits: n as float and as int,
    // without the generic (slow) SIMD conversions.
    let shifted = clamped * 1.442_695_04 + 12_582_912
    let n = shifted - 12_582_912
    let r = clamped - n * 0.693_359_375 + n * 2.121_944_4e-4
    var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
    p = p * r + 1.398_199_95e-3
    p = p * r + 8.333_451_9e-3
    p = p * r + 4.166_579_59e-2
    p = p * r + 0.166_666_65
    p = p * r + 0.5
    p = p * r * r + r + 1
    let exponent = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
    let scale = unsafeBitCast((exponent &+ 127) &<< 23, to: SIMD8<Float>.self)
    return p * scale
}

/// Scalar form of `fastExp`, for loop tails, so every element goes through the same formula.
@inline(__always)
func fastExp(_ x: Float) -> Float { fastExp(SIMD8(repeating: x))[0] }

/// p[j] = exp(p[j] − shift) for j in 0..<count; returns the sum of the new values.
@inline(__always)
func expShiftedInPlace(_ p: Floats, _ count: Int, shift: Float) -> Float {
    var sums = SIMD8<Float>(repeating: 0)
    var j = 0
    let raw = UnsafeMutableRawPointer(p)
    while j + 8 <= count {
        let e = fastExp(raw.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self) - shift)
        raw.storeBytes(of: e, toByteOffset: 4 * j, as: SIMD8<Float>.self)
        sums += e
        j += 8
    }
    var sum = sums.sum()
    while j < count {
        p[j] = fastExp(p[j] - shift)
        sum += p[j]
        j += 1
    }
    return sum
}
