import Foundation
import TestSupport
import Testing
@testable import Model

/// RoPE tables and rotation, the Q/K un-permutation, and the RoPE scaling rules.
struct RopeTests {
    /// Rotates a (T, heads·hd) buffer with tables for `invFreq`.
    static func rotate(_ x: [Float], T: Int, heads: Int, hd: Int, invFreq: [Float]) -> [Float] {
        var y = x
        var table = RopeTable(inverseFrequencies: invFreq)
        table.cover(T)
        ropeRotate(&y, (0..<T).map(Int32.init), table, T, heads, hd, stride: heads * hd)
        return y
    }

    @Test func positionZeroIsIdentityAndNormsArePreserved() {
        var rng = TestRandom(seed: 1)
        let T = 9, heads = 3, hd = 8
        let x = rng.floats(T * heads * hd)
        let inv = RopeScaling.none.inverseFrequencies(headDim: hd, base: 10_000)
        let y = Self.rotate(x, T: T, heads: heads, hd: hd, invFreq: inv)
        #expect(Array(y[0..<(heads * hd)]) == Array(x[0..<(heads * hd)]))
        for t in 0..<T {
            for h in 0..<heads {
                // Each rotated pair (i, i + hd/2) keeps its length.
                for i in 0..<(hd / 2) {
                    let a = t * heads * hd + h * hd + i, b = a + hd / 2
                    let before = x[a] * x[a] + x[b] * x[b], after = y[a] * y[a] + y[b] * y[b]
                    #expect(abs(before - after) < 1e-5)
                }
            }
        }
        #expect(y != x, "positions > 0 must rotate")
    }

    /// The backward pass rotates by the negative angle: it undoes the forward rotation at any positions.
    @Test func inverseRotationUndoesTheRotation() {
        var rng = TestRandom(seed: 9)
        let N = 5, heads = 2, hd = 8
        let x = rng.floats(N * heads * hd)
        var table = RopeTable(inverseFrequencies: RopeScaling.none.inverseFrequencies(headDim: hd, base: 10_000))
        table.cover(40)
        let positions: [Int32] = [3, 39, 0, 17, 8]
        var y = x
        ropeRotate(&y, positions, table, N, heads, hd, stride: heads * hd)
        #expect(y != x)
        ropeRotate(&y, positions, table, N, heads, hd, stride: heads * hd, inverse: true)
        #expect(zip(x, y).map { abs($0 - $1) }.max()! < 1e-6)
    }

    @Test func rotationAngleIsPositionTimesFrequency() {
        // One head of hd 2: the pair (x0, x1) turns by t·θ_0 = t radians.
        let T = 4
        let x: [Float] = Array(repeating: [1, 0], count: T).flatMap { $0 }
        let y = Self.rotate(x, T: T, heads: 1, hd: 2, invFreq: [1])
        for t in 0..<T {
            #expect(abs(y[2 * t] - Float(Foundation.cos(Double(t)))) < 1e-6)
            #expect(abs(y[2 * t + 1] - Float(Foundation.sin(Double(t)))) < 1e-6)
        }
    }

    /// Keeping llama.cpp's permuted rows and rotating adjacent pairs gives the same vectors, permuted, as
    /// un-permuting and rotating halves: the equivalence the loader relies on.
    @Test func interleavedOnPermutedRowsEqualsRotateHalf() {
        var rng = TestRandom(seed: 2)
        let T = 6, heads = 2, hd = 8, half = hd / 2, W = heads * hd
        let x = rng.floats(T * W)
        let inv = RopeScaling.none.inverseFrequencies(headDim: hd, base: 100)
        let rotateHalf = Self.rotate(x, T: T, heads: heads, hd: hd, invFreq: inv)
        // llama.cpp's order: HF dimension j·hd/2 + i sits at 2i + j; then rotate adjacent pairs, written naively.
        var interleaved = [Float](repeating: 0, count: T * W)
        for t in 0..<T {
            for h in 0..<heads {
                for i in 0..<half {
                    let a = x[t * W + h * hd + i], b = x[t * W + h * hd + half + i]
                    let angle = Double(Float(t) * inv[i])
                    let c = Float(Foundation.cos(angle)), s = Float(Foundation.sin(angle))
                    interleaved[t * W + h * hd + 2 * i] = a * c - b * s
                    interleaved[t * W + h * hd + 2 * i + 1] = b * c + a * s
                }
            }
        }
        // Un-permute each position's vector (a (heads·hd, 1) matrix) with the loader's function.
        for t in 0..<T {
            interleaved.withUnsafeMutableBufferPointer { unpermuteHeads($0.baseAddress! + t * W, heads: heads, hd: hd, columns: 1) }
        }
        #expect(interleaved == rotateHalf)
    }

    @Test func unpermuteInvertsTheConverterPermutation() {
        // 2 heads of hd 4, 3 columns: converter row (h, 2i + j) holds HF row (h, j·2 + i).
        let hd = 4, heads = 2, cols = 3
        let hf: [Float] = (0..<(heads * hd * cols)).map(Float.init)
        var stored = [Float](repeating: 0, count: hf.count)
        for h in 0..<heads {
            for i in 0..<(hd / 2) {
                for j in 0..<2 {
                    for c in 0..<cols { stored[(h * hd + 2 * i + j) * cols + c] = hf[(h * hd + j * (hd / 2) + i) * cols + c] }
                }
            }
        }
        #expect(stored != hf)
        stored.withUnsafeMutableBufferPointer { unpermuteHeads($0.baseAddress!, heads: heads, hd: hd, columns: cols) }
        #expect(stored == hf)
    }

    /// Export's reordering (HF → llama.cpp) is the converter's permutation, and import's undoes it.
    @Test func exportReorderIsTheConverterPermutationAndImportUndoesIt() {
        let hd = 4, heads = 2, cols = 3
        let hf: [Float] = (0..<(heads * hd * cols)).map(Float.init)
        var exported = hf
        exported.withUnsafeMutableBufferPointer {
            reorderHeads($0.baseAddress!, heads: heads, hd: hd, columns: cols, toLlamaCpp: true)
        }
        for h in 0..<heads {
            for i in 0..<(hd / 2) {
                for j in 0..<2 {
                    for c in 0..<cols { #expect(exported[(h * hd + 2 * i + j) * cols + c] == hf[(h * hd + j * (hd / 2) + i) * cols + c]) }
                }
            }
        }
        exported.withUnsafeMutableBufferPointer { unpermuteHeads($0.baseAddress!, heads: heads, hd: hd, columns: cols) }
        #expect(exported == hf)
    }

    /// HF's llama3 rule and llama.cpp's rope_freqs divisors (computed here as the converter does) agree.
    @Test func llama3ScalingMatchesTheConvertersDivisors() throws {
        let hd = 128, base: Float = 500_000
        let factor = 8.0, low = 1.0, high = 4.0, original = 8192.0
        let plain = RopeScaling.none.inverseFrequencies(headDim: hd, base: base)
        let divisors: [Float] = plain.map { f in
            let wavelength = 2 * Double.pi / Double(f)
            if wavelength < original / high { return 1 }
            if wavelength > original / low { return Float(factor) }
            let smooth = (original / wavelength - low) / (high - low)
            return Float(1 / ((1 - smooth) / factor + smooth))
        }
        let rule = RopeScaling.llama3(factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalContextLength: 8192)
            .inverseFrequencies(headDim: hd, base: base)
        let baked = RopeScaling.frequencyDivisors(divisors).inverseFrequencies(headDim: hd, base: base)
        for i in 0..<(hd / 2) { #expect(abs(rule[i] - baked[i]) <= 1e-6 * plain[i], "pair \(i)") }
        #expect(rule.first == plain.first, "the fastest pair is not scaled")
        #expect(abs(rule.last! - plain.last! / 8) <= 1e-6 * plain.last!, "the slowest pair is divided by the factor")
        #expect(divisors.contains { $0 > 1 && $0 < 8 }, "some pairs are in the smooth band")
        let linear = RopeScaling.linear(factor: 4).inverseFrequencies(headDim: hd, base: base)
        for i in 0..<(hd / 2) { #expect(linear[i] == plain[i] / 4) }
    }
}
