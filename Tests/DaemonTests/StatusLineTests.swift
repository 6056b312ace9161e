@testable import Daemon
import Foundation
@testable import State
import Testing

/// STATUS= text and the state summary behind it.
@Suite struct StatusLineTests {
    @Test func beforeAndAfterTheFirstModel() throws {
        let policy = BudgetPolicy(DaemonConfiguration())
        var summary = StateStore.Summary()
        summary.pool = 3
        #expect(StatusLine.render(summary, policy: policy, step: "idle") == "pool 3 | budget 3/4 | round none | idle")
        summary.rounds = ["rotated": 1]
        summary.latestRound = 1
        summary.scoredPool = 5
        #expect(StatusLine.render(summary, policy: policy, step: "scoring: task7")
                == "pool 3 | budget 5/8 | round 1 | scoring: task7")
    }

    @Test func summaryCountsScoresOfTheActiveModelOnly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("summary-\(UUID().uuidString)")
        let store = try StateDirectory(dir.path, access: .readWrite).openDatabase()
        for n in 1...3 {
            _ = try store.accept(StoredTask(hash: "h\(n)", name: "t\(n)", file: "f", format: "niv2", kind: .generation,
                                            instances: 1, body: Data(), acceptedAt: Double(n)))
        }
        for (task, model) in [("h1", "m1"), ("h2", "m1"), ("h3", "m0")] {
            try store.record(StoredScore(task: task, model: model, promptUncertainty: 1, predictionProbability: 0.5,
                                         perplexity: 2, detail: nil, scoredAt: 0))
        }
        let summary = try store.summary(activeModel: "m1")
        #expect(summary.pool == 3 && summary.scores == 3 && summary.scoredPool == 2)
        #expect(summary.oldestScoredAcceptedAt == 1)
        #expect(try store.scoredModels() == ["m0", "m1"])
    }
}
