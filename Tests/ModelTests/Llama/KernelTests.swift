import Foundation
import TestSupport
import Testing
@testable import Model

/// RMSNorm, SwiGLU, the (out, in) matmul and the embedding, each against a computation written out in the test.
struct KernelTests {
    @Test func rmsNormMatchesHandComputation() {
        // Row 0: mean of squares (1+4+9+16)/4 = 7.5; row 1: (0.25+0+0.25+1)/4 = 0.375.
        let x: [Float] = [1, 2, 3, 4, 0.5, 0, -0.5, 1]
        let w: [Float] = [1, -1, 2, 0.5]
        let eps: Float = 1e-5
        var out = [Float](repeating: .nan, count: 8)
        rmsnormForward(&out, nil, x, w, 2, 4, eps)
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
        var rng = TestRandom(seed: 7)
        let T = 5, C = 6, OC = 4
        let inp = rng.floats(T * C), weight = rng.floats(OC * C), bias = rng.floats(OC)
        let residual = rng.floats(T * OC)
        var out = [Float](repeating: .nan, count: T * OC)
        var acc = residual
        weight.withUnsafeBufferPointer { w in
            let matrix = WeightMatrix(f32: w.baseAddress!, bf16: nil)
            matmulForward(&out, inp, matrix, bias, T, C, OC, layout: .outIn)
            matmulForward(&acc, inp, matrix, nil, T, C, OC, layout: .outIn, accumulate: true)
        }
        for t in 0..<T {
            for o in 0..<OC {
                var dot: Double = 0
                for c in 0..<C { dot += Double(inp[t * C + c]) * Double(weight[o * C + c]) }
                #expect(abs(Double(out[t * OC + o]) - (dot + Double(bias[o]))) < 1e-5)
                #expect(abs(Double(acc[t * OC + o]) - (dot + Double(residual[t * OC + o]))) < 1e-5)
            }
        }
    }

    @Test func embeddingCopiesRows() {
        let wte: [Float] = [0, 0, 1, 1, 2, 2]
        var out = [Float](repeating: .nan, count: 6)
        embeddingForward(&out, [2, 0, 1], wte, 3, 2)
        #expect(out == [2, 2, 0, 0, 1, 1])
    }
}
