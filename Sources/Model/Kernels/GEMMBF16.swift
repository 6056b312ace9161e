import COneDNN

/// An input of a bf16 product: already bf16 (a weight's copy), or float32 to round first (an activation).
enum BF16Operand {
    case bf16(UnsafePointer<UInt16>)
    case f32(UnsafePointer<Float>)
}

/// Row-major C = alpha * op(A) * op(B) + beta * C with bf16 inputs and float32 accumulation and output; the
/// arguments mean what they mean for `gemm`. A float32 operand is rounded to bf16 once, into a packed copy,
/// before the columns are split over the engine's threads (each oneDNN call runs on one of them).
func gemmBF16(_ transA: Bool, _ transB: Bool, _ M: Int, _ N: Int, _ K: Int,
              _ alpha: Float, _ A: BF16Operand, _ lda: Int, _ B: BF16Operand, _ ldb: Int,
              _ beta: Float, _ C: Floats, _ ldc: Int) {
    if M == 0 || N == 0 { return }
    if K == 0 {
        for i in 0..<M { for j in 0..<N { C[i * ldc + j] *= beta } }
        return
    }
    withBF16(A, rows: transA ? K : M, cols: transA ? M : K, ld: lda) { a, lda in
        withBF16(B, rows: transB ? N : K, cols: transB ? K : N, ld: ldb) { b, ldb in
            let threads = Compute.threads
            guard threads > 1, 2 * M * N * K >= 2_000_000, N >= 32 * threads else {
                run(transA, transB, M, N, K, alpha, a, lda, b, ldb, beta, C, ldc)
                return
            }
            // Column blocks of 16 floats, as `gemm`: each thread reads all of A and its own slice of B.
            let size = ((N + threads - 1) / threads + 15) / 16 * 16
            Compute.parallelFor((N + size - 1) / size) { t in
                let j0 = t * size, n = min(N, j0 + size) - j0
                guard n > 0 else { return }
                run(transA, transB, M, n, K, alpha, a, lda, transB ? b + j0 * ldb : b + j0, ldb, beta, C + j0, ldc)
            }
        }
    }
}

/// Passes `operand` as bf16 with its row stride: in place if it is bf16, else rounded into a packed copy.
private func withBF16(_ operand: BF16Operand, rows: Int, cols: Int, ld: Int,
                      _ body: (UnsafePointer<UInt16>, Int) -> Void) {
    switch operand {
    case .bf16(let pointer):
        body(pointer, ld)
    case .f32(let source):
        let packed = UnsafeMutablePointer<UInt16>.allocate(capacity: rows * cols)
        defer { packed.deallocate() }
        Compute.parallelChunks(rows, minChunk: max(1, 16384 / max(1, cols))) { range in
            if ld == cols {
                at_f32_to_bf16(source + range.lowerBound * ld, packed + range.lowerBound * cols, range.count * cols)
            } else {
                for r in range { at_f32_to_bf16(source + r * ld, packed + r * cols, cols) }
            }
        }
        body(packed, cols)
    }
}

/// One single-threaded oneDNN product. A failure means oneDNN cannot do bf16 products on this CPU at all, which
/// `Precision.check` rules out before a model switches to bf16.
private func run(_ transA: Bool, _ transB: Bool, _ M: Int, _ N: Int, _ K: Int, _ alpha: Float,
                 _ A: UnsafePointer<UInt16>, _ lda: Int, _ B: UnsafePointer<UInt16>, _ ldb: Int,
                 _ beta: Float, _ C: Floats, _ ldc: Int) {
    let status = at_gemm_bf16(transA ? 1 : 0, transB ? 1 : 0, Int64(M), Int64(N), Int64(K), alpha,
                              A, Int64(lda), B, Int64(ldb), beta, C, Int64(ldc))
    precondition(status == 0, "oneDNN bf16 matmul (\(M)×\(N)×\(K)) failed with status \(status)")
}
