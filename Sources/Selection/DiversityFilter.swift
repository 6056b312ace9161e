/// Keeps near-duplicate tasks out of one round (beyond the paper; off unless configured).
///
/// Two tasks are near-duplicates when the Jaccard similarity of the sets of word 3-shingles of their
/// definitions (lower-cased words of letters and digits) is at least `threshold`. A definition of fewer than
/// three words is one shingle; a task without a definition is never a near-duplicate. Default 0.5: among the
/// 132 shared NIV2 tasks, pairs of definitions have median similarity 0 and 99th percentile 0.18, while task
/// families differing only in their source dataset score 0.65 to 1.0 (e.g. task1480/1481/1482 gene extraction).
public struct DiversityFilter: Sendable, Hashable {
    /// The default similarity at or above which a candidate is skipped.
    public static let defaultThreshold = 0.5

    /// The similarity at or above which a candidate is skipped, in 0...1.
    public var threshold: Double

    /// Creates a filter; `threshold` must be in 0...1.
    public init(threshold: Double = DiversityFilter.defaultThreshold) throws(SelectionError) {
        guard threshold.isFinite, threshold >= 0, threshold <= 1 else {
            throw SelectionError(.invalidOption, "diversity threshold \(threshold) is not in 0...1. "
                + "HINT: use a Jaccard similarity such as \(DiversityFilter.defaultThreshold)")
        }
        self.threshold = threshold
    }

    /// The Jaccard similarity of the word 3-shingles of two texts; 0 when either has no words.
    public static func similarity(_ a: String, _ b: String) -> Double {
        jaccard(shingles(a), shingles(b))
    }

    /// The set of word 3-shingles of `text`.
    static func shingles(_ text: String) -> Set<String> {
        let words = text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
        guard words.count >= 3 else { return words.isEmpty ? [] : [words.joined(separator: " ")] }
        return Set((0...(words.count - 3)).map { words[$0..<($0 + 3)].joined(separator: " ") })
    }

    static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        let shared = a.intersection(b).count
        return Double(shared) / Double(a.count + b.count - shared)
    }
}
