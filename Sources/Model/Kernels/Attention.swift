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

/// The head layout of one attention layer: NH query heads and KV key/value heads of hd dimensions, query
/// head h reading key/value head h / (NH/KV) (grouped-query attention; GPT-2 has KV = NH).
struct AttentionShape {
    let heads: Int, kvHeads: Int, headDim: Int

    init(heads: Int, kvHeads: Int, headDim: Int) {
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDim = headDim
    }

    init(_ config: ModelConfig) {
        self.init(heads: config.heads, kvHeads: config.kvHeads, headDim: config.headDim)
    }

    /// Row stride of the fused q | k | v buffer, (NH + 2·KV)·hd.
    var qkvStride: Int { (heads + 2 * kvHeads) * headDim }
    /// Row stride of the attention output, NH·hd.
    var outStride: Int { heads * headDim }
    /// Query heads per key/value head.
    var group: Int { heads / kvHeads }
}

/// out is (N, NH·hd); att is the segments' softmax scores, saved for backward; qkv is (N, (NH+2KV)·hd), each
/// row q | k | v with positions applied. A cached past holds (P, 2·KV·hd) rows of k | v. Attention never
/// crosses segments; softmax in fp32, scores scaled by 1/√hd.
func attentionForward(_ out: Floats, _ att: Floats, _ qkv: UnsafePointer<Float>,
                      _ segments: [AttentionSegment], layer: Int, _ shape: AttentionShape) {
    let NH = shape.heads, KV = shape.kvHeads, hd = shape.headDim, QKV = shape.qkvStride, O = shape.outStride
    let cacheStride = 2 * KV * hd, scale = 1 / Float(hd).squareRoot()
    let work = segments.reduce(0) { $0 + 4 * O * $1.length * ($1.pastLength + $1.length) }
    Compute.parallelFor(segments.count * NH, work: work) { item in
        let seg = segments[item / NH], h = item % NH, g = h / shape.group
        let n = seg.length, P = seg.pastLength, W = P + n
        let S = att + seg.scoreOffset + h * n * W
        let row0 = qkv + seg.start * QKV
        let q = row0 + h * hd, k = row0 + (NH + g) * hd, v = row0 + (NH + KV + g) * hd
        let o = out + seg.start * O + h * hd
        let past = seg.past.map { UnsafePointer($0.rows(layer: layer)) }
        if let past, P > 0 {
            gemm(false, true, n, P, hd, scale, q, QKV, past + g * hd, cacheStride, 0, S, W, parallel: false)
        }
        gemm(false, true, n, n, hd, scale, q, QKV, k, QKV, 0, S + P, W, parallel: false)
        for i in 0..<n {
            let row = S + i * W, visible = P + i + 1
            var maxScore = -Float.infinity
            for j in 0..<visible where row[j] > maxScore { maxScore = row[j] }
            let inv = 1 / expShiftedInPlace(row, visible, shift: maxScore)
            for j in 0..<visible { row[j] *= inv }
            for j in visible..<W { row[j] = 0 }
        }
        if let past, P > 0 {
            gemm(false, false, n, hd, P, 1, S, W, past + (KV + g) * hd, cacheStride, 0, o, O, parallel: false)
        }
        gemm(false, false, n, hd, n, 1, S + P, W, v, QKV, P > 0 ? 1 : 0, o, O, parallel: false)
    }
}

/// dqkv is (N, (NH+2KV)·hd), OVERWRITTEN; dout is (N, NH·hd); qkv as in the forward pass. Training segments
/// have no past (pastLength 0).
///
/// The softmax scores are recomputed here rather than kept from the forward pass: they are NH·n² floats per
/// sequence and layer (566 MB for SmolLM2 at 8 × 256), and recomputing them costs one n×n×hd product per head,
/// a few percent of a training step. Work items are (segment, key/value head): the query heads sharing a
/// key/value head add into the same d(k) and d(v), so one item owns them and sums its heads in a fixed order
/// (deterministic for any thread count); each item has its own score tiles.
func attentionBackward(_ dqkv: Floats, _ dout: UnsafePointer<Float>, _ qkv: UnsafePointer<Float>,
                       _ segments: [AttentionSegment], _ shape: AttentionShape) {
    let NH = shape.heads, KV = shape.kvHeads, hd = shape.headDim, QKV = shape.qkvStride, O = shape.outStride
    let scale = 1 / Float(hd).squareRoot()
    Compute.parallelFor(segments.count * KV) { item in
        let seg = segments[item / KV], g = item % KV
        precondition(seg.pastLength == 0, "training attention has no cached past")
        let n = seg.length
        let tiles = Floats.allocate(capacity: 2 * n * n)
        defer { tiles.deallocate() }
        let P = tiles, dP = tiles + n * n
        let row0 = qkv + seg.start * QKV, drow0 = dqkv + seg.start * QKV
        let k = row0 + (NH + g) * hd, v = row0 + (NH + KV + g) * hd
        let dk = drow0 + (NH + g) * hd, dv = drow0 + (NH + KV + g) * hd
        for h in (g * shape.group)..<((g + 1) * shape.group) {
            let first: Float = h == g * shape.group ? 0 : 1
            let q = row0 + h * hd, dq = drow0 + h * hd
            let d = dout + seg.start * O + h * hd
            // P = causal softmax(scale · q kᵀ), exactly as the forward pass computed it.
            gemm(false, true, n, n, hd, scale, q, QKV, k, QKV, 0, P, n, parallel: false)
            for i in 0..<n {
                let row = P + i * n
                var maxScore = -Float.infinity
                for j in 0...i where row[j] > maxScore { maxScore = row[j] }
                let inv = 1 / expShiftedInPlace(row, i + 1, shift: maxScore)
                for j in 0...i { row[j] *= inv }
                for j in (i + 1)..<n { row[j] = 0 }
            }
            gemm(false, true, n, n, hd, 1, d, O, v, QKV, 0, dP, n, parallel: false)
            gemm(true, false, n, hd, n, 1, P, n, d, O, first, dv, QKV, parallel: false)
            for i in 0..<n {
                let p = P + i * n, dp = dP + i * n
                var dot: Float = 0
                for j in 0...i { dot += p[j] * dp[j] }
                for j in 0...i { dp[j] = p[j] * (dp[j] - dot) * scale }
                for j in (i + 1)..<n { dp[j] = 0 }
            }
            gemm(false, false, n, hd, n, 1, dP, n, k, QKV, 0, dq, QKV, parallel: false)
            gemm(true, false, n, hd, n, 1, dP, n, q, QKV, first, dk, QKV, parallel: false)
        }
    }
}
