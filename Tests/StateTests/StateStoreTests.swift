import Foundation
import State
import Tasks
import Testing

/// The state database: duplicates by hash, pool and scores per model, rounds, and reopening.
@Suite struct StateStoreTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("state-\(UUID().uuidString)")

    func task(_ n: Int, kind: TaskKind = .generation) -> StoredTask {
        StoredTask(hash: "h\(n)", name: "task\(n)", file: "f\(n).json", format: "niv2", kind: kind, instances: 3,
                   body: Data("{}".utf8), acceptedAt: Double(n))
    }

    @Test func duplicatesAreRefusedByHash() throws {
        let store = try StateDirectory(dir.path, access: .readWrite).openDatabase()
        #expect(try store.accept(task(1)))
        #expect(try !store.accept(task(1)))
        #expect(try store.counts().tasks == 1)
    }

    @Test func poolScoresAndRounds() throws {
        let store = try StateDirectory(dir.path, access: .readWrite).openDatabase()
        for n in 1...4 { _ = try store.accept(task(n)) }
        #expect(try store.unscored(model: "m1").map(\.name) == ["task1", "task2", "task3", "task4"])
        for n in 1...3 {
            try store.record(StoredScore(task: "h\(n)", model: "m1", promptUncertainty: Double(n), predictionProbability: 0.5,
                                         perplexity: 2, detail: nil, scoredAt: 0))
        }
        // A second score against the same model is ignored: nothing is scored twice.
        try store.record(StoredScore(task: "h1", model: "m1", promptUncertainty: 99, predictionProbability: 0.5,
                                     perplexity: 2, detail: nil, scoredAt: 0))
        #expect(try store.unscored(model: "m1").map(\.name) == ["task4"])
        #expect(try store.scoredPool(model: "m1").first?.score.promptUncertainty == 1)

        try store.startRound(StoredRound(number: 1, status: .started, strategy: "random", selectedHashes: ["h1", "h3"],
                                         startedAt: 10, parent: "m1"))
        #expect(try store.pool().map(\.name) == ["task2", "task4"])
        #expect(try store.interruptedRound()?.number == 1)
        // Each transition is recorded on its own; until the outcome, the round counts as interrupted.
        try store.recordDecision(round: 1, activate: true, evaluation: nil)
        #expect(try store.interruptedRound()?.activate == true)
        try store.recordCommitted(round: 1, checkpoint: "c1")
        #expect(try store.interruptedRound()?.status == .committed)
        #expect(try store.interruptedRound()?.checkpoint == "c1")
        try store.finishRound(number: 1, status: .rotated, error: nil, at: 11)
        #expect(try store.interruptedRound() == nil)
        #expect(try store.rounds().first?.checkpoint == "c1")
        #expect(try store.selectedTasks(upTo: 1).map(\.name) == ["task1", "task3"])
        #expect(try store.rounds().first?.selectedHashes == ["h1", "h3"])
    }

    @Test func reopensAndReadsOnly() throws {
        do {
            let store = try StateDirectory(dir.path, access: .readWrite).openDatabase()
            _ = try store.accept(task(7))
            try store.reject(StoredRejection(file: "x.json", reason: "invalid", message: "not JSON", at: 0))
            try store.setSetting("last_error", "boom")
        }
        let reader = try StateDirectory(dir.path, access: .readOnly).openDatabase()
        #expect(try reader.counts().tasks == 1)
        #expect(try reader.rejectionCounts() == ["invalid": 1])
        #expect(try reader.setting("last_error") == "boom")
    }

    @Test func readOnlyWithoutDatabaseSaysWhatToDo() throws {
        let empty = dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect {
            _ = try StateDirectory(empty.path, access: .readOnly).openDatabase()
        } throws: { error in
            "\(error)".contains("no state database") && "\(error)".contains("HINT")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty.path).isEmpty, "read-only access created files")
    }
}
