import Foundation

/// Returns -log softmax(logits)[target] for one row of V logits, in Double (log-sum-exp with max shift),
/// so a mean over a sequence is limited by the logits' accuracy, not by the summation.
func negativeLogLikelihood(_ logits: UnsafePointer<Float>, _ V: Int, target: Int) -> Double {
    var m = -Float.infinity
    for i in 0..<V where logits[i] > m { m = logits[i] }
    var sum: Double = 0
    for i in 0..<V { sum += Foundation.exp(Double(logits[i]) - Double(m)) }
    return Double(m) + Foundation.log(sum) - Double(logits[target])
}
