import COpenBLAS

/// A raw float buffer; kernels index it with the short ML dimension names of llm.c.
typealias Floats = UnsafeMutablePointer<Float>

/// Products below this many flops run on one thread: waking workers would cost more than it saves.
private let parallelFlops = 2_000_000

/// Row-major C = alpha * op(A) * op(B) + beta * C, with op(X) = X or Xᵀ; the only way kernels call BLAS.
///
/// op(A) is (M,K), op(B) is (K,N), C is (M,N); lda/ldb/ldc are row strides, which lets kernels read
/// a head's slice of the packed qkv buffer in place and use weights in their stored layout.
/// Large products are split by output columns over the engine's threads (each BLAS call is
/// single-threaded), so one thread pool serves everything; `parallel: false` inside parallel loops.
func gemm(_ transA: Bool, _ transB: Bool, _ M: Int, _ N: Int, _ K: Int,
          _ alpha: Float, _ A: UnsafePointer<Float>, _ lda: Int,
          _ B: UnsafePointer<Float>, _ ldb: Int,
          _ beta: Float, _ C: Floats, _ ldc: Int, parallel: Bool = true) {
    if M == 0 || N == 0 { return }
    let threads = parallel ? Compute.threads : 1
    guard threads > 1, 2 * M * N * K >= parallelFlops, N >= 32 * threads else {
        gemmSerial(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)
        return
    }
    // Column blocks rounded to 16 floats keep the micro-kernel on full vector tiles.
    let size = ((N + threads - 1) / threads + 15) / 16 * 16
    Compute.parallelFor((N + size - 1) / size) { t in
        let j0 = t * size, n = min(N, j0 + size) - j0
        guard n > 0 else { return }
        gemmSerial(transA, transB, M, n, K, alpha, A, lda, transB ? B + j0 * ldb : B + j0, ldb, beta, C + j0, ldc)
    }
}

/// One single-threaded BLAS call; a row or column vector result goes to GEMV, which reads the
/// matrix once instead of packing it (what dominates batch-1 decoding).
private func gemmSerial(_ transA: Bool, _ transB: Bool, _ M: Int, _ N: Int, _ K: Int,
                        _ alpha: Float, _ A: UnsafePointer<Float>, _ lda: Int,
                        _ B: UnsafePointer<Float>, _ ldb: Int,
                        _ beta: Float, _ C: Floats, _ ldc: Int) {
    if K == 0 {
        // BLAS leaves C untouched when K is 0 only for beta 1; make the empty sum explicit.
        for i in 0..<M { for j in 0..<N { C[i * ldc + j] *= beta } }
        return
    }
    if M == 1 {
        // c (1,N) = a (1,K) · op(B): GEMV over B, with a's elements lda apart when A is transposed.
        cblas_sgemv(CblasRowMajor, transB ? CblasNoTrans : CblasTrans, blasint(transB ? N : K),
                    blasint(transB ? K : N), alpha, B, blasint(ldb), A, blasint(transA ? lda : 1),
                    beta, C, 1)
        return
    }
    if N == 1 {
        // c (M,1) = op(A) · b (K,1): GEMV over A, writing down a column of C.
        cblas_sgemv(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, blasint(transA ? K : M),
                    blasint(transA ? M : K), alpha, A, blasint(lda), B, blasint(transB ? 1 : ldb),
                    beta, C, blasint(ldc))
        return
    }
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                blasint(M), blasint(N), blasint(K), alpha, A, blasint(lda), B, blasint(ldb),
                beta, C, blasint(ldc))
}
