import COneDNN
import Foundation
import Tasks
import TestSupport
import Testing
@testable import Model

/// The bf16 path: products against a reference written here, the weights' bf16 copy kept current, and bf16 models
/// agreeing with fp32 ones. On a CPU with AVX512-BF16 or AMX the products are oneDNN's; on one with neither they are
/// the emulation on OpenBLAS, and `productsRunWhereTheCPUSays` says which was tested.
@Suite("bf16 compute")
struct BF16Tests {
    /// bf16 rounding as the reference sees it: round to nearest, ties to even, written independently of the C code.
    static func rounded(_ x: Float) -> Float {
        let bits = x.bitPattern
        let up = bits &+ 0x7FFF &+ ((bits >> 16) & 1)
        return Float(bitPattern: up & 0xFFFF_0000)
    }

    /// Whether /proc/cpuinfo lists native bf16 products, read independently of oneDNN's own detection.
    static let cpuHasBF16 = ((try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "")
        .split(whereSeparator: \.isWhitespace).contains { $0 == "avx512_bf16" || $0 == "amx_bf16" }

    /// oneDNN's kernels where the CPU has bf16 instructions, the emulation where it has none, and never `auto` on
    /// an emulation (it is slower than fp32).
    @Test func productsRunWhereTheCPUSays() {
        let isa = Precision.bf16.isa
        print("bf16 products tested on: \(isa)")
        if Self.cpuHasBF16 {
            #expect(isa.hasPrefix("avx512_core_"), "\(isa)")
            #expect(!Precision.bf16IsEmulated && Precision.native == .bf16)
        } else {
            #expect(isa == "emulated:openblas:\(Compute.blasCoreName)", "\(isa)")
            #expect(Precision.bf16IsEmulated && Precision.native == .fp32)
        }
    }

    @Test func conversionRoundsToNearestEven() {
        let cases: [(Float, UInt16)] = [
            (1, 0x3F80), (-2, 0xC000),
            (1 + 0x1p-8, 0x3F80),        // halfway between 1 and 1 + 2^-7: ties to the even 1
            (1 + 3 * 0x1p-8, 0x3F82),    // halfway between 1 + 2^-7 and 1 + 2^-6: ties to the even upper one
            (1 + 0x1p-8 + 0x1p-20, 0x3F81),
            (.infinity, 0x7F80), (-.infinity, 0xFF80),
        ]
        var out = [UInt16](repeating: 0, count: cases.count)
        at_f32_to_bf16(cases.map(\.0), &out, cases.count)
        #expect(out == cases.map(\.1))
        var nan: UInt16 = 0
        at_f32_to_bf16([Float.nan], &nan, 1)
        #expect(Float(bitPattern: UInt32(nan) << 16).isNaN)
    }

    /// Every transpose combination, row strides wider than the rows, alpha and beta, small and thread-split sizes.
    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func gemmMatchesRoundedReference(transA: Bool, transB: Bool) throws {
        var random = TestRandom(seed: 7)
        for (M, N, K) in [(5, 7, 3), (37, 70, 53), (64, 300, 128)] {
            let (ar, ac) = transA ? (K, M) : (M, K), (br, bc) = transB ? (N, K) : (K, N)
            let lda = ac + 3, ldb = bc + 5, ldc = N + 2
            let A = random.floats(ar * lda), B = random.floats(br * ldb), C0 = random.floats(M * ldc)
            let alpha: Float = 0.5, beta: Float = 1
            var C = C0
            A.withUnsafeBufferPointer { a in
                B.withUnsafeBufferPointer { b in
                    gemmBF16(transA, transB, M, N, K, alpha, .f32(a.baseAddress!), lda, .f32(b.baseAddress!), ldb,
                             beta, &C, ldc)
                }
            }
            var worstRounded = 0.0, worstExact = 0.0
            for i in 0..<M {
                for j in 0..<N {
                    var sumRounded = 0.0, sumExact = 0.0
                    for k in 0..<K {
                        let a = transA ? A[k * lda + i] : A[i * lda + k], b = transB ? B[j * ldb + k] : B[k * ldb + j]
                        sumRounded += Double(Self.rounded(a)) * Double(Self.rounded(b))
                        sumExact += Double(a) * Double(b)
                    }
                    let base = Double(beta) * Double(C0[i * ldc + j])
                    let got = Double(C[i * ldc + j])
                    worstRounded = max(worstRounded, abs(got - (base + Double(alpha) * sumRounded)))
                    worstExact = max(worstExact, abs(got - (base + Double(alpha) * sumExact)))
                }
                // Padding between rows of C is untouched.
                for j in N..<ldc { #expect(C[i * ldc + j] == C0[i * ldc + j]) }
            }
            // fp32 accumulation of bf16 products: agrees with the rounded reference to float precision, and is
            // measurably not the unrounded product (bf16 keeps 8 bits of mantissa).
            #expect(worstRounded < 1e-4, "\(M)×\(N)×\(K): \(worstRounded)")
            #expect(worstExact > 10 * worstRounded, "\(M)×\(N)×\(K): inputs were not rounded to bf16")
        }
    }

    @Test func weightCopyFollowsEveryChange() throws {
        let model = try Transformer(config: ModelConfig.llama(vocabSize: 64, contextLength: 32, layers: 2, width: 32,
                                                              ffnWidth: 48, heads: 4, kvHeads: 2), seed: 3)
        model.precision = .bf16
        func copyIsCurrent() -> Bool {
            let weights = model.matrixWeights()
            var expected = [UInt16](repeating: 0, count: model.parameterCount)
            at_f32_to_bf16(weights.f32, &expected, expected.count)
            return expected.withUnsafeBufferPointer { e in (0..<e.count).allSatisfy { weights.bf16![$0] == e[$0] } }
        }
        #expect(copyIsCurrent())
        // A training step updates the copy with the weights, chunk by chunk.
        let trainer = try Trainer(model: model, options: AdamWOptions(learningRate: 0.05))
        _ = try trainer.step([TrainingExample(tokens: [1, 5, 9, 13, 2], lossStart: 2)])
        let bf16 = try #require(model.bf16Weights)
        let afterStep = Array(UnsafeBufferPointer(start: bf16.pointer, count: bf16.count))
        #expect(copyIsCurrent())
        // Replacing a tensor makes the copy stale until the next product converts it again.
        let name = model.tensors.first { $0.shape.count == 2 }!.name
        try model.setTensor(named: name, values: [Float](repeating: 0.25, count: model.tensor(named: name)!.count))
        #expect(copyIsCurrent())
        #expect(Array(UnsafeBufferPointer(start: bf16.pointer, count: bf16.count)) != afterStep)
        // Back to fp32: no copy, products exact again.
        model.precision = .fp32
        #expect(model.matrixWeights().bf16 == nil)
    }

    @Test(arguments: ["gpt2", "llama"])
    func bf16LogitsAgreeWithFP32(family: String) throws {
        let config = family == "gpt2"
            ? ModelConfig(vocabSize: 300, contextLength: 64, layers: 2, heads: 4, width: 64)
            : ModelConfig.llama(vocabSize: 300, contextLength: 64, layers: 2, width: 64, ffnWidth: 96, heads: 4, kvHeads: 2)
        let model = try Transformer(config: config, seed: 11)
        var random = TestRandom(seed: 5)
        let tokens = (0..<40).map { _ in Int32(random.next() % 300) }
        let exact = try model.logits(tokens: tokens)
        model.precision = .bf16
        let rounded = try model.logits(tokens: tokens)
        let scale = exact.map { abs($0) }.max()!
        let worst = zip(exact, rounded).map { abs($0 - $1) }.max()!
        #expect(worst < 0.02 * scale, "max |Δlogit| \(worst) of \(scale)")
        #expect(worst > 0, "bf16 gave fp32's logits bit for bit: the bf16 path did not run")
    }

    /// The criterion: a bf16 training run of the default model shape reaches a loss within 2% of fp32's after
    /// the same steps, on real NIV2 tasks with the embedded tokenizer.
    @Test func bf16TrainingTracksFP32() throws {
        let reader = TaskFileReader()
        let tasks = try ["task1364_hans_answer_generation", "task843_financial_phrasebank_classification"].map {
            try reader.read(contentsOf: SharedData.niv2Task($0)).tasks[0]
        }
        let recipe = TrainingRecipe(instancesPerTask: 16, epochs: 3, batchSize: 8, maxTargetTokens: 16,
                                    optimizer: AdamWOptions(learningRate: 1e-3, warmupSteps: 2))
        let trainer = try TaskTrainer(recipe: recipe, tokenizer: try BPETokenizer.embeddedDefault())
        var losses: [Precision: [Double]] = [:]
        for precision in Precision.allCases {
            let model = try Transformer(config: ModelConfig(vocabSize: 8192, contextLength: 256, layers: 4, heads: 4,
                                                            width: 256), seed: 42)
            model.precision = precision
            var steps: [Double] = []
            try trainer.train(model, on: tasks, progress: { steps.append($0.loss) })
            losses[precision] = steps
        }
        let fp32 = try #require(losses[.fp32]), bf16 = try #require(losses[.bf16])
        #expect(fp32.count == 12 && bf16.count == 12)
        #expect(fp32.last! < 0.6 * fp32.first!, "training must learn for the comparison to mean anything: \(fp32)")
        // The mean of the last epoch's steps, which smooths the per-batch noise of a single step.
        let tail32 = fp32.suffix(4).reduce(0, +) / 4, tail16 = bf16.suffix(4).reduce(0, +) / 4
        #expect(abs(tail16 - tail32) / tail32 < 0.02, "last-epoch loss fp32 \(tail32), bf16 \(tail16)")
        #expect(fp32 != bf16, "bf16 and fp32 runs were identical: the bf16 path did not run")
    }
}
