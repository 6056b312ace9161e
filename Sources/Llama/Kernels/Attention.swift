import COpenBLAS
import Foundation

/// Query rows handled per work item: small enough to split T=64 over two cores, large enough for SGEMM.
let attentionQueryBlock = 32

/// Floats of score scratch `attentionForward` needs for T tokens: one (block, T) tile per worker.
func attentionScratchCount(_ T: Int) -> Int {
    Parallel.threads * min(T, attentionQueryBlock) * T
}

/// out is (T, NH·hd); scores is scratch of `attentionScratchCount(T)`; qkv is (T, (NH+2·KV)·hd), each row
/// q | k | v with RoPE applied, q split into NH heads and k, v into KV heads of hd. Causal grouped-query
/// attention: query head h reads key/value head h / (NH/KV), as HF's `repeat_kv` pairs them.
/// Softmax in fp32, scores scaled by 1/√hd.
///
/// Work items are (head, block of query rows); a block at rows r0..<r1 only needs keys 0..<r1, so the
/// masked upper triangle is skipped except inside the diagonal tile. Items are dealt round-robin to the
/// workers, each reusing its own (block, T) score tile.
func attentionForward(_ out: Floats, _ scores: Floats, _ qkv: UnsafePointer<Float>,
                      _ T: Int, _ NH: Int, _ KV: Int, _ hd: Int) {
    let QKV = (NH + 2 * KV) * hd, group = NH / KV
    let scale = 1 / Float(hd).squareRoot()
    let B = min(T, attentionQueryBlock), blocks = (T + B - 1) / B, items = NH * blocks
    let workers = min(Parallel.threads, items)
    Parallel.forEach(workers, flops: 2 * NH * T * T * hd) { w in
        let S = scores + w * B * T
        for item in stride(from: w, to: items, by: workers) {
            let h = item % NH, r0 = (item / NH) * B, r1 = min(T, r0 + B), n = r1 - r0
            let g = h / group
            let q = qkv + r0 * QKV + h * hd, k = qkv + (NH + g) * hd, v = qkv + (NH + KV + g) * hd
            // S (n, r1) = scale · q kᵀ over the keys this block can see.
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, blasint(n), blasint(r1), blasint(hd),
                        scale, q, blasint(QKV), k, blasint(QKV), 0, S, blasint(r1))
            for i in 0..<n {
                let row = S + i * r1, visible = r0 + i + 1
                var m = -Float.infinity
                for j in 0..<visible where row[j] > m { m = row[j] }
                var sum: Float = 0
                for j in 0..<visible {
                    let e = exp(row[j] - m)
                    row[j] = e
                    sum += e
                }
                let inv = 1 / sum
                for j in 0..<visible { row[j] *= inv }
                // Masked positions get weight 0, so the (n, r1)·(r1, hd) product below is exact.
                for j in visible..<r1 { row[j] = 0 }
            }
            // out rows r0..<r1, head h = S · v, written into columns h·hd of the (T, NH·hd) output.
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, blasint(n), blasint(hd), blasint(r1),
                        1, S, blasint(r1), v, blasint(QKV), 0, out + r0 * NH * hd + h * hd, blasint(NH * hd))
        }
    }
}
