// bf16 matrix products on oneDNN (Debian's libdnnl 2.6), for activetune's Model module.
//
// A thin C layer because oneDNN's C API is descriptor-heavy: this file turns one GEMM call into a cached
// oneDNN matmul primitive, so Swift sees a cblas-like function.
#pragma once
#include <stddef.h>
#include <stdint.h>

/// The oneDNN CPU ISA a bf16 product runs on: "avx512_core_amx" (AMX tiles), "avx512_core_bf16" (AVX512-BF16
/// dot products), or NULL when the CPU has neither (then bf16 would be emulated slowly, so callers use fp32) or
/// when oneDNN cannot run here (`at_bf16_unusable_reason`). A tiny product is run once to find out.
/// The first call fixes oneDNN's ISA; on a CPU with AMX it first raises oneDNN's ceiling to AMX unless the user
/// set ONEDNN_MAX_CPU_ISA / DNNL_MAX_CPU_ISA.
const char *at_bf16_native_isa(void);

/// Why bf16 products cannot run in this process although the CPU has them (e.g. a policy that forbids the
/// executable pages oneDNN's generated kernels need), or NULL.
const char *at_bf16_unusable_reason(void);

/// Converts `count` floats to bf16, rounding to nearest even (NaN stays NaN).
void at_f32_to_bf16(const float *src, uint16_t *dst, size_t count);

/// Row-major C = alpha * op(A) * op(B) + beta * C with bf16 A and B, fp32 accumulation and an fp32 C; op(A) is
/// (M,K), op(B) is (K,N), lda/ldb/ldc are row strides as in cblas. Runs on the calling thread only (callers
/// split work over their own threads). Returns 0, or the oneDNN status of a failure.
int at_gemm_bf16(int transA, int transB, int64_t M, int64_t N, int64_t K, float alpha,
                 const uint16_t *A, int64_t lda, const uint16_t *B, int64_t ldb,
                 float beta, float *C, int64_t ldc);
