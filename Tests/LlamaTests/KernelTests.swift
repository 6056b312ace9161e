import Foundation
import Testing
@testable import Llama

/// RMSNorm, SwiGLU, the matmul wrapper and the NLL, each against a computation written out in the test.
struct KernelTests {
    @Test func rmsNormMatchesHandComputation() {
        // Row 0: mean of squares (1+4+9+16)/4 = 7.5; row 1: (0.25+0+0.25+1)/4 = 0.375.
        let x: [Float] = [1, 2, 3, 4, 0.5, 0, -0.5, 1]
        let w: [Float] = [1, -1, 2, 0.5]
        let eps: Float = 1e-5
        var out = [Float](repeating: .nan, count: 8)
        rmsNormForward(&out, x, w, 2, 4, eps)
        let r0 = 1 / (7.5 + 1e-5).squareRoot(), r1 = 1 / (0.375 + 1e-5).squareRoot()
        let expected: [Double] = [1 * r0, -2 * r0, 6 * r0, 2 * r0, 0.5 * r1, 0, -1 * r1, 0.5 * r1]
        for (o, e) in zip(out, expected) { #expect(abs(Double(o) - e) < 1e-6, "\(o) vs \(e)") }
    }

    @Test func swigluIsSiluOfGateTimesUp() {
        // Two rows of gate | up with F = 2.
        let gateUp: [Float] = [0, 1, 5, 7, -2, 3, 0.5, -1]
        var out = [Float](repeating: .nan, count: 4)
        swigluForward(&out, gateUp, 2, 2)
        func silu(_ x: Double) -> Double { x / (1 + Foundation.exp(-x)) }
        let expected = [silu(0) * 5, silu(1) * 7, silu(-2) * 0.5, silu(3) * -1]
        for (o, e) in zip(out, expected) { #expect(abs(Double(o) - e) < 1e-6, "\(o) vs \(e)") }
    }

    @Test func matmulIsInputTimesWeightTransposedPlusBias() {
        var rng = SeededRandom(seed: 7)
        let T = 5, C = 6, OC = 4
        let inp = rng.floats(T * C), weight = rng.floats(OC * C), bias = rng.floats(OC)
        let residual = rng.floats(T * OC)
        var out = [Float](repeating: .nan, count: T * OC)
        var acc = residual
        matmulForward(&out, inp, weight, bias, T, C, OC)
        matmulForward(&acc, inp, weight, nil, T, C, OC, accumulate: true)
        for t in 0..<T {
            for o in 0..<OC {
                var dot: Double = 0
                for c in 0..<C { dot += Double(inp[t * C + c]) * Double(weight[o * C + c]) }
                #expect(abs(Double(out[t * OC + o]) - (dot + Double(bias[o]))) < 1e-5)
                #expect(abs(Double(acc[t * OC + o]) - (dot + Double(residual[t * OC + o]))) < 1e-5)
            }
        }
    }

    @Test func nllIsLogSumExpMinusTarget() {
        let logits: [Float] = [2, -1, 0.5, 3]
        let lse = Foundation.log([2.0, -1, 0.5, 3].map(Foundation.exp).reduce(0, +))
        #expect(abs(negativeLogLikelihood(logits, 4, target: 2) - (lse - 0.5)) < 1e-12)
        // Large logits must not overflow: the max is shifted out.
        let big: [Float] = [1000, 999]
        #expect(abs(negativeLogLikelihood(big, 2, target: 1) - (1 + Foundation.log(1 + Foundation.exp(-1)))) < 1e-9)
    }

    @Test func embeddingCopiesRows() {
        let wte: [Float] = [0, 0, 1, 1, 2, 2]
        var out = [Float](repeating: .nan, count: 6)
        embeddingForward(&out, [2, 0, 1], wte, 3, 2)
        #expect(out == [2, 2, 0, 0, 1, 1])
    }
}
