import Foundation

/// losses is (M), the NLL of each row's target; logits is (M,V) and is CONSUMED: with a
/// `gradScale` it holds d(loss·gradScale)/d(logits) on return, otherwise scratch; targets is (M).
func crossEntropyForward(_ losses: UnsafeMutablePointer<Double>, _ logits: Floats,
                         _ targets: UnsafePointer<Int32>, _ M: Int, _ V: Int, gradScale: Float?) {
    Compute.parallelFor(M) { i in
        let row = logits + i * V
        let target = Int(targets[i])
        var maxLogit = -Float.infinity
        for j in 0..<V where row[j] > maxLogit { maxLogit = row[j] }
        let targetLogit = row[target]
        let sum = expShiftedInPlace(row, V, shift: maxLogit)
        losses[i] = Double(logf(sum)) + Double(maxLogit) - Double(targetLogit)
        if let gradScale {
            let k = gradScale / sum
            for j in 0..<V { row[j] *= k }
            row[target] -= gradScale
        }
    }
}
