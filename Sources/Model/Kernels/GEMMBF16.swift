import COneDNN

/// An input of a bf16 product: already bf16 (a weight's copy), or float32 to round first (an activation).
enum BF16Operand {
    case bf16(UnsafePointer<UInt16>)
    case f32(UnsafePointer<Float>)
}

/// Row-major C = alpha * op(A) * op(B) + beta * C with bf16 inputs and float32 accumulation and output; the
/// arguments mean what they mean for `gemm`. A float32 operand is rounded to bf16 once, into a packed copy,
/// before the columns are split over the engine's threads (each oneDNN call runs on one of them).
/// On a CPU without native bf16 products the same arithmetic is emulated (`gemmBF16Emulated`).
func gemmBF16(_ transA: Bool, _ transB: Bool, _ M: Int, _ N: Int, _ K: Int,
              _ alpha: Float, _ A: BF16Operand, _ lda: Int, _ B: BF16Operand, _ ldb: Int,
              _ beta: Float, _ C: Floats, _ ldc: Int) {
    if M == 0 || N == 0 { return }
    if K == 0 {
        for i in 0..<M { for j in 0..<N { C[i * ldc + j] *= beta } }
        return
    }
    guard BF16Support.isa != nil else {
        gemmBF16Emulated(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)
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

/// bf16 products without bf16 hardware (an AVX2-only CPU): both inputs rounded to bf16 and widened back to float32
/// (exactly), then multiplied by OpenBLAS in float32. The product of two bf16 values is exact in float32, so this
/// differs from oneDNN's kernels only in the order of the float32 sums. Slower than fp32 (each product widens its
/// inputs first), which is why `Precision.native` is fp32 on such CPUs; it exists so `bf16` means the same numbers
/// on every CPU and its arithmetic is tested everywhere.
private func gemmBF16Emulated(_ transA: Bool, _ transB: Bool, _ M: Int, _ N: Int, _ K: Int,
                              _ alpha: Float, _ A: BF16Operand, _ lda: Int, _ B: BF16Operand, _ ldb: Int,
                              _ beta: Float, _ C: Floats, _ ldc: Int) {
    withRoundedF32(A, rows: transA ? K : M, cols: transA ? M : K, ld: lda) { a, lda in
        withRoundedF32(B, rows: transB ? N : K, cols: transB ? K : N, ld: ldb) { b, ldb in
            gemm(transA, transB, M, N, K, alpha, a, lda, b, ldb, beta, C, ldc)
        }
    }
}

/// Passes `operand`'s values rounded to bf16, as float32, in a packed copy.
private func withRoundedF32(_ operand: BF16Operand, rows: Int, cols: Int, ld: Int,
                            _ body: (UnsafePointer<Float>, Int) -> Void) {
    let packed = UnsafeMutablePointer<Float>.allocate(capacity: rows * cols)
    defer { packed.deallocate() }
    Compute.parallelChunks(rows, minChunk: max(1, 16384 / max(1, cols))) { range in
        // One row's bf16 bits: the operand's own, or its float32 values rounded by the converter oneDNN's inputs use.
        let bits = UnsafeMutablePointer<UInt16>.allocate(capacity: cols)
        defer { bits.deallocate() }
        for r in range {
            switch operand {
            case .bf16(let source): bits.update(from: source + r * ld, count: cols)
            case .f32(let source): at_f32_to_bf16(source + r * ld, bits, cols)
            }
            let row = packed + r * cols
            for c in 0..<cols { row[c] = Float(bitPattern: UInt32(bits[c]) << 16) }
        }
    }
    body(packed, cols)
}
