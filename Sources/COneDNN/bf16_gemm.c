#include "COneDNN.h"

#include <dlfcn.h>
#include <oneapi/dnnl/dnnl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

// One CPU engine for the process. Streams are per thread: oneDNN does not promise a stream is safe to
// execute on from several threads at once.
static dnnl_engine_t engine;
static pthread_once_t engine_once = PTHREAD_ONCE_INIT;
static const char *native_isa;
static const char *unusable;

static int cpu_has_amx(void) {
    // CPUID leaf 7: EDX bit 22 AMX-BF16, bit 24 AMX-TILE.
    unsigned a = 7, b = 0, c = 0, d = 0;
    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    return (d >> 22 & 1) && (d >> 24 & 1);
}

static int probe(void);
static int gemm(int transA, int transB, int64_t M, int64_t N, int64_t K, float alpha,
                const uint16_t *A, int64_t lda, const uint16_t *B, int64_t ldb,
                float beta, float *C, int64_t ldc);

static void init_engine(void) {
    // oneDNN 2.6 counts AMX as "initial support" on some builds; ask for it explicitly (a ceiling only, so
    // harmless elsewhere), unless the user set the ceiling.
    if (cpu_has_amx() && !getenv("ONEDNN_MAX_CPU_ISA") && !getenv("DNNL_MAX_CPU_ISA"))
        dnnl_set_max_cpu_isa(dnnl_cpu_isa_avx512_core_amx);
    dnnl_cpu_isa_t isa = dnnl_get_effective_cpu_isa();
    if ((isa & dnnl_cpu_isa_avx512_core_amx) == dnnl_cpu_isa_avx512_core_amx && cpu_has_amx())
        native_isa = "avx512_core_amx";
    else if ((isa & dnnl_cpu_isa_avx512_core_bf16) == dnnl_cpu_isa_avx512_core_bf16)
        native_isa = "avx512_core_bf16";
    if (dnnl_engine_create(&engine, dnnl_cpu, 0) != dnnl_success) {
        engine = NULL;
        unusable = "oneDNN could not create a CPU engine";
    } else if (native_isa && !probe()) {
        // oneDNN generates its kernels at run time; a process that may not make written pages executable
        // (systemd's MemoryDenyWriteExecute=yes, PR_SET_MDWE) cannot run them.
        unusable = "oneDNN could not generate its bf16 kernels: the process may not make memory executable "
                   "(MemoryDenyWriteExecute=yes or PR_SET_MDWE)";
        native_isa = NULL;
    }
}

const char *at_bf16_native_isa(void) {
    pthread_once(&engine_once, init_engine);
    return engine ? native_isa : NULL;
}

const char *at_bf16_unusable_reason(void) {
    pthread_once(&engine_once, init_engine);
    return unusable;
}

void at_f32_to_bf16(const float *src, uint16_t *dst, size_t count) {
    for (size_t i = 0; i < count; i++) {
        uint32_t u;
        memcpy(&u, &src[i], 4);
        // Round to nearest even; a NaN keeps a mantissa bit so it does not become infinity.
        uint32_t rounded = u + 0x7fff + ((u >> 16) & 1);
        dst[i] = (uint16_t)(((u & 0x7fffffff) > 0x7f800000) ? ((u >> 16) | 0x40) : (rounded >> 16));
    }
}

// The engine's threads call this one at a time each; oneDNN's OpenMP runtime must not start a team of its
// own inside them (two pools on two cores would fight). libgomp is loaded with libdnnl, so look it up.
static void single_threaded_omp(void) {
    static __thread int done;
    if (done) return;
    done = 1;
    void (*set_threads)(int) = (void (*)(int))dlsym(RTLD_DEFAULT, "omp_set_num_threads");
    if (set_threads) set_threads(1);
}

// A small per-thread cache of primitives by shape: decoding calls the same few shapes thousands of times,
// and building a primitive descriptor costs as much as a batch-1 product.
typedef struct {
    int transA, transB;
    int64_t M, N, K, lda, ldb, ldc;
    float alpha, beta;
} gemm_key;

typedef struct {
    gemm_key key;
    dnnl_primitive_t primitive;
    dnnl_memory_t a, b, c;
    uint64_t used;
} gemm_entry;

enum { cache_size = 48 };
static __thread gemm_entry cache[cache_size];
static __thread uint64_t clock_tick;
static __thread dnnl_stream_t stream;

static void release(gemm_entry *e) {
    if (!e->primitive) return;
    dnnl_primitive_destroy(e->primitive);
    dnnl_memory_destroy(e->a);
    dnnl_memory_destroy(e->b);
    dnnl_memory_destroy(e->c);
    memset(e, 0, sizeof *e);
}

static dnnl_status_t matrix_desc(dnnl_memory_desc_t *md, int64_t rows, int64_t cols, int trans, int64_t ld,
                                 dnnl_data_type_t type) {
    dnnl_dims_t dims = {rows, cols};
    dnnl_dims_t strides = {trans ? 1 : ld, trans ? ld : 1};
    return dnnl_memory_desc_init_by_strides(md, 2, dims, type, strides);
}

static dnnl_status_t build(gemm_entry *e, const gemm_key *k) {
    dnnl_memory_desc_t a, b, c;
    dnnl_status_t s;
    if ((s = matrix_desc(&a, k->M, k->K, k->transA, k->lda, dnnl_bf16)) ||
        (s = matrix_desc(&b, k->K, k->N, k->transB, k->ldb, dnnl_bf16)) ||
        (s = matrix_desc(&c, k->M, k->N, 0, k->ldc, dnnl_f32)))
        return s;
    dnnl_matmul_desc_t desc;
    if ((s = dnnl_matmul_desc_init(&desc, &a, &b, NULL, &c))) return s;
    dnnl_primitive_attr_t attr;
    if ((s = dnnl_primitive_attr_create(&attr))) return s;
    dnnl_post_ops_t post = NULL;
    if (k->alpha != 1.0f) s = dnnl_primitive_attr_set_output_scales(attr, 1, 0, &k->alpha);
    if (!s && k->beta != 0.0f) {
        // beta·C is oneDNN's "sum" post-op: the product is added to what dst holds.
        if (!(s = dnnl_post_ops_create(&post)) && !(s = dnnl_post_ops_append_sum(post, k->beta)))
            s = dnnl_primitive_attr_set_post_ops(attr, post);
    }
    dnnl_primitive_desc_t pd = NULL;
    if (!s) s = dnnl_primitive_desc_create(&pd, &desc, attr, engine, NULL);
    if (post) dnnl_post_ops_destroy(post);
    dnnl_primitive_attr_destroy(attr);
    if (s) return s;
    s = dnnl_primitive_create(&e->primitive, pd);
    dnnl_primitive_desc_destroy(pd);
    if (s) return s;
    if ((s = dnnl_memory_create(&e->a, &a, engine, DNNL_MEMORY_NONE)) ||
        (s = dnnl_memory_create(&e->b, &b, engine, DNNL_MEMORY_NONE)) ||
        (s = dnnl_memory_create(&e->c, &c, engine, DNNL_MEMORY_NONE))) {
        release(e);
        return s;
    }
    e->key = *k;
    return dnnl_success;
}

static gemm_entry *lookup(const gemm_key *k, dnnl_status_t *status) {
    gemm_entry *victim = &cache[0];
    for (int i = 0; i < cache_size; i++) {
        gemm_entry *e = &cache[i];
        if (e->primitive && memcmp(&e->key, k, sizeof *k) == 0) return e;
        if (!e->primitive || e->used < victim->used) victim = e;
    }
    release(victim);
    *status = build(victim, k);
    return *status ? NULL : victim;
}

int at_gemm_bf16(int transA, int transB, int64_t M, int64_t N, int64_t K, float alpha,
                 const uint16_t *A, int64_t lda, const uint16_t *B, int64_t ldb,
                 float beta, float *C, int64_t ldc) {
    pthread_once(&engine_once, init_engine);
    return gemm(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

// The product itself, once the engine exists (the probe calls it from inside the engine's initialisation).
static int gemm(int transA, int transB, int64_t M, int64_t N, int64_t K, float alpha,
                const uint16_t *A, int64_t lda, const uint16_t *B, int64_t ldb,
                float beta, float *C, int64_t ldc) {
    if (!engine) return dnnl_runtime_error;
    single_threaded_omp();
    dnnl_status_t s = dnnl_success;
    if (!stream && (s = dnnl_stream_create(&stream, engine, dnnl_stream_default_flags))) return s;
    gemm_key key;
    memset(&key, 0, sizeof key);  // padding too: keys are compared bytewise
    key.transA = transA; key.transB = transB;
    key.M = M; key.N = N; key.K = K; key.lda = lda; key.ldb = ldb; key.ldc = ldc;
    key.alpha = alpha; key.beta = beta;
    gemm_entry *e = lookup(&key, &s);
    if (!e) return s;
    e->used = ++clock_tick;
    if ((s = dnnl_memory_set_data_handle(e->a, (void *)A)) || (s = dnnl_memory_set_data_handle(e->b, (void *)B)) ||
        (s = dnnl_memory_set_data_handle(e->c, C)))
        return s;
    dnnl_exec_arg_t args[3] = {{DNNL_ARG_SRC, e->a}, {DNNL_ARG_WEIGHTS, e->b}, {DNNL_ARG_DST, e->c}};
    if ((s = dnnl_primitive_execute(e->primitive, stream, 3, args))) return s;
    return dnnl_stream_wait(stream);
}

// One tiny product, so a process where oneDNN cannot run generated code finds out here, not in a round.
static int probe(void) {
    uint16_t a[4], b[4];
    float one = 1.0f, c[4] = {0};
    at_f32_to_bf16((const float[]){one, one, one, one}, a, 4);
    memcpy(b, a, sizeof b);
    return gemm(0, 0, 2, 2, 2, 1.0f, a, 2, b, 2, 0.0f, c, 2) == 0 && c[0] == 2.0f;
}
