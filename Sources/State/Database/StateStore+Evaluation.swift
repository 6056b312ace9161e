import Foundation

/// The held-out evaluation over the daemon's life: the base model's ROUGE-L (measured once, before round 0 trains)
/// and each round's, so an operator sees whether the model improves as tasks arrive.
extension StateStore {
    private static let baseRougeLKey = "base_rouge_l"

    /// Records the untuned base model's held-out ROUGE-L.
    public func recordBaseRougeL(_ value: Double) throws {
        try setSetting(Self.baseRougeLKey, "\(value)")
    }

    /// The untuned base model's held-out ROUGE-L, if it was measured.
    public func baseRougeL() throws -> Double? {
        try setting(Self.baseRougeLKey).flatMap(Double.init)
    }

    /// Each trained round's held-out ROUGE-L, by round number (rounds without an evaluation are left out).
    public func roundRougeL() throws -> [Int: Double] {
        var result: [Int: Double] = [:]
        for round in try rounds() {
            guard let data = round.evaluation,
                  let scores = try? JSONDecoder().decode([String: Double].self, from: data),
                  let rougeL = scores["rougeL"] else { continue }
            result[round.number] = rougeL
        }
        return result
    }
}
