import COpenBLAS

/// A raw float buffer; kernels index it with the short ML dimension names of llm.c.
typealias Floats = UnsafeMutablePointer<Float>

/// Row-major C = alpha * op(A) * op(B) + beta * C, with op(X) = X or Xᵀ; the only way kernels call BLAS.
///
/// op(A) is (M,K), op(B) is (K,N), C is (M,N); lda/ldb/ldc are row strides, which lets kernels read
/// a head's slice of the packed qkv buffer in place and use weights in their stored layout.
@inline(__always)
func gemm(_ transA: Bool, _ transB: Bool, _ M: Int, _ N: Int, _ K: Int,
          _ alpha: Float, _ A: UnsafePointer<Float>, _ lda: Int,
          _ B: UnsafePointer<Float>, _ ldb: Int,
          _ beta: Float, _ C: Floats, _ ldc: Int) {
    if M == 0 || N == 0 { return }
    if K == 0 {
        // BLAS leaves C untouched when K is 0 only for beta 1; make the empty sum explicit.
        for i in 0..<M { for j in 0..<N { C[i * ldc + j] *= beta } }
        return
    }
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                blasint(M), blasint(N), blasint(K), alpha, A, blasint(lda), B, blasint(ldb),
                beta, C, blasint(ldc))
}
