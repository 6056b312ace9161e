import Foundation

/// Rotary position embeddings in HF's rotate-half layout: dimension i of a head turns together with
/// i + hd/2 by the angle position · θ_i.

/// A table of cos and sin for positions 0..<count, each (count, hd/2): the rotation of pair i at position t.
///
/// The angle is rounded to Float before cos/sin, as HF computes `position * inv_freq` in fp32; cos/sin of that
/// Float are taken in Double and rounded once, so the table is as exact as the angle allows.
struct RopeTable {
    private(set) var cos: [Float] = []
    private(set) var sin: [Float] = []
    private(set) var count = 0
    let half: Int
    private let inverseFrequencies: [Float]

    init(inverseFrequencies: [Float]) {
        self.inverseFrequencies = inverseFrequencies
        half = inverseFrequencies.count
    }

    init(_ config: ModelConfig) {
        self.init(inverseFrequencies: config.ropeScaling.inverseFrequencies(headDim: config.headDim, base: config.ropeBase))
    }

    /// Extends the table to cover positions 0..<positions (never shrinks, so a reused pass computes it once).
    mutating func cover(_ positions: Int) {
        guard positions > count else { return }
        for t in count..<positions {
            for i in 0..<half {
                let angle = Double(Float(t) * inverseFrequencies[i])
                cos.append(Float(Foundation.cos(angle)))
                sin.append(Float(Foundation.sin(angle)))
            }
        }
        count = positions
    }
}

/// Rotates `heads` consecutive heads of hd columns, from column 0 of each row of x (N, stride), IN PLACE, by
/// each row's position; q and k heads are adjacent in the fused qkv rows, so one call rotates both.
/// `inverse` rotates by the negative angle, which is the backward pass (the rotation is orthogonal).
func ropeRotate(_ x: Floats, _ positions: UnsafePointer<Int32>, _ table: RopeTable, _ N: Int, _ heads: Int,
                _ hd: Int, stride: Int, inverse: Bool = false) {
    let half = hd / 2
    table.cos.withUnsafeBufferPointer { cosines in
        table.sin.withUnsafeBufferPointer { sines in
            let cosines = cosines.baseAddress!, sines = sines.baseAddress!
            Compute.parallelChunks(N, minChunk: 16) { rows in
                for t in rows {
                    let c = cosines + Int(positions[t]) * half, s = sines + Int(positions[t]) * half
                    for h in 0..<heads {
                        let a = x + t * stride + h * hd, b = a + half
                        for i in 0..<half {
                            let x1 = a[i], x2 = b[i], sn = inverse ? -s[i] : s[i]
                            a[i] = x1 * c[i] - x2 * sn
                            b[i] = x2 * c[i] + x1 * sn
                        }
                    }
                }
            }
        }
    }
}
