import Foundation

/// The method's per-task numbers from the teacher-forced losses (method.md, "Prompt uncertainty").
public enum PromptUncertainty {
    /// `p_ij = exp(−mean NLL)`: the geometric mean of the target's token probabilities (EOS included).
    public static func probability(meanNLL: Double) -> Double {
        exp(-meanNLL)
    }

    /// (1/(n·k)) Σ_i Σ_{j=1..k} |p_ij − p_i0| for rows `p[i] = [p_i0, p_i1, ..., p_ik]`; 0 when k = 0.
    public static func uncertainty(_ p: [[Double]]) -> Double {
        let k = (p.first?.count ?? 1) - 1
        guard !p.isEmpty, k > 0 else { return 0 }
        let total = p.reduce(0) { sum, row in sum + row.dropFirst().reduce(0) { $0 + abs($1 - row[0]) } }
        return total / Double(p.count * k)
    }

    /// (1/n) Σ_i p_i0, the mean probability of the greedy outputs under the clean prompt.
    public static func predictionProbability(_ p: [[Double]]) -> Double {
        p.isEmpty ? 0 : p.reduce(0) { $0 + $1[0] } / Double(p.count)
    }

    /// (1/n) Σ_i exp(mean NLL_i0): the perplexity baseline, from the clean prompt's losses.
    public static func perplexity(cleanMeanNLL: [Double]) -> Double {
        cleanMeanNLL.isEmpty ? 0 : cleanMeanNLL.reduce(0) { $0 + exp($1) } / Double(cleanMeanNLL.count)
    }
}
