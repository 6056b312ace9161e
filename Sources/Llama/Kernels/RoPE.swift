import Foundation

/// cos and sin are (T, hd/2): the rotation of pair i at position t, angle t · invFreq[i].
///
/// The angle is rounded to Float before cos/sin, as HF computes `position * inv_freq` in fp32; cos/sin of that
/// Float are then taken in Double and rounded once, so the tables are as exact as the angle allows.
func ropeTables(_ cos: Floats, _ sin: Floats, _ invFreq: [Float], _ T: Int) {
    let half = invFreq.count
    for t in 0..<T {
        for i in 0..<half {
            let angle = Double(Float(t) * invFreq[i])
            cos[t * half + i] = Float(Foundation.cos(angle))
            sin[t * half + i] = Float(Foundation.sin(angle))
        }
    }
}

/// x is (T, stride) and holds `heads` consecutive heads of hd columns from column 0, rotated IN PLACE;
/// cos, sin are (T, hd/2) from `ropeTables`.
///
/// Rotate-half RoPE (HF's layout): dimension i of a head turns together with i + hd/2 by angle t·θ_i.
/// q and k heads are adjacent in the fused qkv rows, so one call rotates both.
func ropeForward(_ x: Floats, _ cos: UnsafePointer<Float>, _ sin: UnsafePointer<Float>,
                 _ T: Int, _ heads: Int, _ hd: Int, stride: Int) {
    let half = hd / 2
    for t in 0..<T {
        let c = cos + t * half, s = sin + t * half
        for h in 0..<heads {
            let a = x + t * stride + h * hd, b = a + half
            for i in 0..<half {
                let x1 = a[i], x2 = b[i]
                a[i] = x1 * c[i] - x2 * s[i]
                b[i] = x2 * c[i] + x1 * s[i]
            }
        }
    }
}
