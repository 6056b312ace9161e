import Foundation

/// One sequence in a packed batch: rows start..<start+length, attending to `pastLength` cached
/// tokens first (the shared prompt prefix, or everything decoded so far) and then causally to itself.
struct AttentionSegment {
    var start: Int
    var length: Int
    var past: KVCache?
    var pastLength: Int
    /// A cache that receives this segment's keys and values at positions pastLength..<pastLength+length.
    var writeCache: KVCache?
    /// Where this segment's (length, pastLength+length) score blocks begin in the att buffer, per head.
    var scoreOffset: Int

    /// Floats of att storage this segment needs for NH heads.
    func scoreCount(heads NH: Int) -> Int { NH * length * (pastLength + length) }
}

/// out is (N,C); att is the segments' softmax scores, saved for backward; qkv is (N,3C) with
/// columns q | k | v, each split into NH heads of hs = C/NH. Attention never crosses segments.
func attentionForward(_ out: Floats, _ att: Floats, _ qkv: UnsafePointer<Float>,
                      _ segments: [AttentionSegment], layer: Int, _ C: Int, _ NH: Int) {
    let hs = C / NH, scale = 1 / Float(hs).squareRoot()
    let work = segments.reduce(0) { $0 + 4 * C * $1.length * ($1.pastLength + $1.length) }
    Compute.parallelFor(segments.count * NH, work: work) { item in
        let seg = segments[item / NH], h = item % NH
        let n = seg.length, P = seg.pastLength, W = P + n
        let S = att + seg.scoreOffset + h * n * W
        let q = qkv + seg.start * 3 * C + h * hs
        let k = q + C, v = q + 2 * C
        let o = out + seg.start * C + h * hs
        let past = seg.past.map { UnsafePointer($0.rows(layer: layer)) }
        if let past, P > 0 {
            gemm(false, true, n, P, hs, scale, q, 3 * C, past + h * hs, 2 * C, 0, S, W, parallel: false)
        }
        gemm(false, true, n, n, hs, scale, q, 3 * C, k, 3 * C, 0, S + P, W, parallel: false)
        for i in 0..<n {
            let row = S + i * W, visible = P + i + 1
            var maxScore = -Float.infinity
            for j in 0..<visible where row[j] > maxScore { maxScore = row[j] }
            let inv = 1 / expShiftedInPlace(row, visible, shift: maxScore)
            for j in 0..<visible { row[j] *= inv }
            for j in visible..<W { row[j] = 0 }
        }
        if let past, P > 0 {
            gemm(false, false, n, hs, P, 1, S, W, past + C + h * hs, 2 * C, 0, o, C, parallel: false)
        }
        gemm(false, false, n, hs, n, 1, S + P, W, v, 3 * C, P > 0 ? 1 : 0, o, C, parallel: false)
    }
}

/// dqkv is (N,3C), OVERWRITTEN; datt is scratch shaped like att; dout is (N,C); qkv and att as in
/// the forward pass. Training segments have no past (pastLength 0).
func attentionBackward(_ dqkv: Floats, _ datt: Floats, _ dout: UnsafePointer<Float>,
                       _ qkv: UnsafePointer<Float>, _ att: UnsafePointer<Float>,
                       _ segments: [AttentionSegment], _ C: Int, _ NH: Int) {
    let hs = C / NH, scale = 1 / Float(hs).squareRoot()
    Compute.parallelFor(segments.count * NH) { item in
        let seg = segments[item / NH], h = item % NH
        precondition(seg.pastLength == 0, "training attention has no cached past")
        let n = seg.length
        let P = att + seg.scoreOffset + h * n * n, dP = datt + seg.scoreOffset + h * n * n
        let q = qkv + seg.start * 3 * C + h * hs, k = q + C, v = q + 2 * C
        let dq = dqkv + seg.start * 3 * C + h * hs, dk = dq + C, dv = dq + 2 * C
        let d = dout + seg.start * C + h * hs
        gemm(false, true, n, n, hs, 1, d, C, v, 3 * C, 0, dP, n, parallel: false)
        gemm(true, false, n, hs, n, 1, P, n, d, C, 0, dv, 3 * C, parallel: false)
        for i in 0..<n {
            let p = P + i * n, dp = dP + i * n
            var dot: Float = 0
            for j in 0...i { dot += p[j] * dp[j] }
            for j in 0...i { dp[j] = p[j] * (dp[j] - dot) * scale }
            for j in (i + 1)..<n { dp[j] = 0 }
        }
        gemm(false, false, n, hs, n, 1, dP, n, k, 3 * C, 0, dq, 3 * C, parallel: false)
        gemm(true, false, n, hs, n, 1, dP, n, q, 3 * C, 0, dk, 3 * C, parallel: false)
    }
}
