@testable import Selection

/// Constructed pools whose expected orders are worked out by hand in the tests.
enum Fixtures {
    static func score(_ task: String, _ kind: TaskScore.Kind = .generation, u: Double, p: Double = 0.5,
                      ppl: Double = 2, definition: String? = nil) -> TaskScore {
        TaskScore(task: task, kind: kind, promptUncertainty: u, predictionProbability: p, perplexity: ppl,
                  definition: definition)
    }

    /// Ranks: uncertainty ascending e b c d a; probability ascending b d a e c.
    static let fiveTasks: [TaskScore] = [
        score("a", u: 0.9, p: 0.5, ppl: 3), score("b", u: 0.1, p: 0.1, ppl: 9), score("c", u: 0.2, p: 0.9, ppl: 1.5),
        score("d", u: 0.5, p: 0.4, ppl: 5), score("e", u: 0.05, p: 0.6, ppl: 2),
    ]

    static func ids(_ scores: [TaskScore]) -> [String] { scores.map(\.task) }
}
