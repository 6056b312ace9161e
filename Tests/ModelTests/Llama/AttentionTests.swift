import Foundation
import TestSupport
import Testing
@testable import Model

/// Causal grouped-query attention against a naive triple loop written in the test.
struct AttentionTests {
    /// Runs the kernel on a (T, (NH+2KV)·hd) qkv buffer packed as sequences of `lengths` (one of T by
    /// default) and returns (T, NH·hd).
    static func attend(_ qkv: [Float], T: Int, NH: Int, KV: Int, hd: Int, lengths: [Int]? = nil) -> [Float] {
        var batch = PackedBatch(heads: NH)
        for n in lengths ?? [T] { batch.append(ArraySlice(repeating: 0, count: n), targets: Array(repeating: -1, count: n)) }
        var out = [Float](repeating: .nan, count: T * NH * hd)
        var scores = [Float](repeating: .nan, count: max(1, batch.scoreCount))
        attentionForward(&out, &scores, qkv, batch.segments, layer: 0, AttentionShape(heads: NH, kvHeads: KV, headDim: hd))
        return out
    }

    /// softmax(q·k/√hd over j ≤ t)·v in Double, query head h reading key/value head `kvHead(h)`.
    static func naive(_ qkv: [Float], T: Int, NH: Int, KV: Int, hd: Int, kvHead: (Int) -> Int) -> [Double] {
        let W = (NH + 2 * KV) * hd
        var out = [Double](repeating: 0, count: T * NH * hd)
        for h in 0..<NH {
            let g = kvHead(h)
            for t in 0..<T {
                var s = [Double](repeating: 0, count: t + 1)
                for j in 0...t {
                    for d in 0..<hd {
                        s[j] += Double(qkv[t * W + h * hd + d]) * Double(qkv[j * W + (NH + g) * hd + d])
                    }
                    s[j] /= Double(hd).squareRoot()
                }
                let m = s.max()!
                let e = s.map { Foundation.exp($0 - m) }
                let z = e.reduce(0, +)
                for j in 0...t {
                    for d in 0..<hd {
                        out[t * NH * hd + h * hd + d] += e[j] / z * Double(qkv[j * W + (NH + KV + g) * hd + d])
                    }
                }
            }
        }
        return out
    }

    @Test func oneTokenReturnsItsValues() {
        var rng = TestRandom(seed: 3)
        let NH = 4, KV = 2, hd = 8
        let qkv = rng.floats((NH + 2 * KV) * hd, scale: 3)
        let out = Self.attend(qkv, T: 1, NH: NH, KV: KV, hd: hd)
        for h in 0..<NH {
            let v = (NH + KV + h / 2) * hd
            #expect(Array(out[(h * hd)..<((h + 1) * hd)]) == Array(qkv[v..<(v + hd)]))
        }
    }

    @Test func multiHeadMatchesNaiveLoop() {
        var rng = TestRandom(seed: 4)
        let T = 7, NH = 3, hd = 4
        let qkv = rng.floats(T * 3 * NH * hd, scale: 2)
        let out = Self.attend(qkv, T: T, NH: NH, KV: NH, hd: hd)
        let ref = Self.naive(qkv, T: T, NH: NH, KV: NH, hd: hd) { $0 }
        let maxDiff = zip(out, ref).map { abs(Double($0) - $1) }.max()!
        #expect(maxDiff < 1e-5)
    }

    /// Query head h uses key/value head h / (NH/KV): heads 0,1,2 share KV head 0, heads 3,4,5 share head 1.
    @Test func groupedQueryMatchesNaiveLoopWithSharedHeads() {
        var rng = TestRandom(seed: 5)
        let T = 6, NH = 6, KV = 2, hd = 4
        let qkv = rng.floats(T * (NH + 2 * KV) * hd, scale: 2)
        let out = Self.attend(qkv, T: T, NH: NH, KV: KV, hd: hd)
        let ref = Self.naive(qkv, T: T, NH: NH, KV: KV, hd: hd) { $0 / 3 }
        #expect(zip(out, ref).map { abs(Double($0) - $1) }.max()! < 1e-5)
        // The other plausible pairing (h mod KV) gives different outputs, so the test can tell them apart.
        let wrong = Self.naive(qkv, T: T, NH: NH, KV: KV, hd: hd) { $0 % KV }
        #expect(zip(out, wrong).map { abs(Double($0) - $1) }.max()! > 1e-2)
    }

    /// Two sequences packed end to end attend only within themselves: each equals the kernel run on it alone.
    @Test func packedSequencesDoNotSeeEachOther() {
        var rng = TestRandom(seed: 8)
        let NH = 4, KV = 2, hd = 8, W = (NH + 2 * KV) * hd, first = 5, second = 7
        let qkv = rng.floats((first + second) * W, scale: 2)
        let packed = Self.attend(qkv, T: first + second, NH: NH, KV: KV, hd: hd, lengths: [first, second])
        let alone = Self.attend(Array(qkv[(first * W)...]), T: second, NH: NH, KV: KV, hd: hd)
        let ref = Self.naive(Array(qkv[(first * W)...]), T: second, NH: NH, KV: KV, hd: hd) { $0 / 2 }
        #expect(Array(packed[(first * NH * hd)...]) == alone)
        #expect(zip(alone, ref).map { abs(Double($0) - $1) }.max()! < 1e-5)
    }

    @Test func futureTokensDoNotChangeThePast() {
        var rng = TestRandom(seed: 6)
        let T = 5, NH = 2, KV = 1, hd = 4, W = (NH + 2 * KV) * hd
        var qkv = rng.floats(T * W)
        let before = Self.attend(qkv, T: T, NH: NH, KV: KV, hd: hd)
        for c in 0..<W { qkv[(T - 1) * W + c] = 100 }
        let after = Self.attend(qkv, T: T, NH: NH, KV: KV, hd: hd)
        #expect(Array(before[0..<((T - 1) * NH * hd)]) == Array(after[0..<((T - 1) * NH * hd)]))
    }
}
