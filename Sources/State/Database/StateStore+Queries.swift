import Foundation
import GRDB

/// The questions the daemon and the operator commands ask of the state, each one transaction.
extension StateStore {
    /// Records an accepted task. Returns false, changing nothing, when a task with the same content hash exists.
    public func accept(_ task: StoredTask) throws -> Bool {
        try write { db in
            if try StoredTask.exists(db, key: task.hash) { return false }
            try task.insert(db)
            return true
        }
    }

    /// The accepted task with this content hash, if any.
    public func task(hash: String) throws -> StoredTask? {
        try read { db in try StoredTask.fetchOne(db, key: hash) }
    }

    /// Records a file that went to `failed/`.
    public func reject(_ rejection: StoredRejection) throws {
        try write { db in try rejection.insert(db) }
    }

    /// Tasks not yet selected by any round, oldest first.
    public func pool() throws -> [StoredTask] {
        try read { db in
            try StoredTask.filter(sql: "selected_round IS NULL").order(sql: "accepted_at, hash").fetchAll(db)
        }
    }

    /// Pool tasks that have no score against `model` yet, oldest first.
    public func unscored(model: String) throws -> [StoredTask] {
        try read { db in
            try StoredTask.fetchAll(db, sql: """
                SELECT * FROM task WHERE selected_round IS NULL
                AND hash NOT IN (SELECT task FROM score WHERE model = ?) ORDER BY accepted_at, hash
                """, arguments: [model])
        }
    }

    /// Stores a score; scoring the same task against the same model twice keeps the first.
    public func record(_ score: StoredScore) throws {
        try write { db in try score.insert(db, onConflict: .ignore) }
    }

    /// The pool tasks scored against `model`, with their scores.
    public func scoredPool(model: String) throws -> [(task: StoredTask, score: StoredScore)] {
        try read { db in
            let tasks = try StoredTask.fetchAll(db, sql: """
                SELECT task.* FROM task JOIN score ON score.task = task.hash
                WHERE task.selected_round IS NULL AND score.model = ? ORDER BY task.accepted_at, task.hash
                """, arguments: [model])
            let scores = try StoredScore.filter(sql: "model = ?", arguments: [model]).fetchAll(db)
            let byTask = Dictionary(scores.map { ($0.task, $0) }, uniquingKeysWith: { a, _ in a })
            return tasks.compactMap { t in byTask[t.hash].map { (t, $0) } }
        }
    }

    /// Every score of `model` (pool and selected tasks), for `activetune scores` and the task map.
    public func scores(model: String) throws -> [(task: StoredTask, score: StoredScore)] {
        try read { db in
            let scores = try StoredScore.filter(sql: "model = ?", arguments: [model]).fetchAll(db)
            return try scores.compactMap { s in try StoredTask.fetchOne(db, key: s.task).map { ($0, s) } }
        }
    }

    /// Starts round `number`: stores it and marks its tasks selected, atomically.
    public func startRound(_ round: StoredRound) throws {
        try write { db in
            try round.insert(db)
            for hash in round.selectedHashes {
                try db.execute(sql: "UPDATE task SET selected_round = ? WHERE hash = ?", arguments: [round.number, hash])
            }
        }
    }

    /// Records the gate's decision and the evaluation of a trained round, before its checkpoint is written.
    public func recordDecision(round number: Int, activate: Bool, evaluation: Data?) throws {
        try write { db in
            try db.execute(sql: "UPDATE round SET activate = ?, evaluation = ? WHERE number = ? AND status = 'started'",
                           arguments: [activate, evaluation, number])
        }
    }

    /// `started` → `committed`: the round's checkpoint is in the store.
    public func recordCommitted(round number: Int, checkpoint: String) throws {
        try write { db in
            try db.execute(sql: "UPDATE round SET status = 'committed', checkpoint = ? WHERE number = ?",
                           arguments: [checkpoint, number])
        }
    }

    /// Marks a round finished with its outcome (`rotated`, `gated`, `failed`).
    public func finishRound(number: Int, status: StoredRound.Status, error: String?, at time: Double) throws {
        try write { db in
            try db.execute(sql: "UPDATE round SET status = ?, error = ?, finished_at = ? WHERE number = ?",
                           arguments: [status.rawValue, error, time, number])
        }
    }

    /// A round that has not reached its outcome (the daemon stopped or was killed): it continues from its last step.
    public func interruptedRound() throws -> StoredRound? {
        try read { db in
            try StoredRound.filter(sql: "status IN ('started', 'committed')").order(sql: "number").fetchOne(db)
        }
    }

    /// All rounds, oldest first.
    public func rounds() throws -> [StoredRound] {
        try read { db in try StoredRound.order(sql: "number").fetchAll(db) }
    }

    /// Tasks selected by rounds up to and including `round`, in selection order.
    public func selectedTasks(upTo round: Int) throws -> [StoredTask] {
        try read { db in
            try StoredTask.filter(sql: "selected_round IS NOT NULL AND selected_round <= ?", arguments: [round])
                .order(sql: "selected_round, accepted_at, hash").fetchAll(db)
        }
    }

    /// Number of rejected files per reason code.
    public func rejectionCounts() throws -> [String: Int] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT reason, COUNT(*) AS n FROM rejection GROUP BY reason")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["reason"] as String, $0["n"] as Int) })
        }
    }

    /// Counts for status and metrics: accepted tasks, pool size, scores stored.
    public func counts() throws -> (tasks: Int, pool: Int, scores: Int) {
        try read { db in
            (try StoredTask.fetchCount(db),
             try StoredTask.filter(sql: "selected_round IS NULL").fetchCount(db),
             try StoredScore.fetchCount(db))
        }
    }

    /// A small named value (e.g. `last_error`).
    public func setting(_ key: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) }
    }

    /// Sets a small named value.
    public func setSetting(_ key: String, _ value: String) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        }
    }

    /// Removes a small named value (a condition that no longer holds, e.g. `scoring_wait`).
    public func removeSetting(_ key: String) throws {
        try write { db in try db.execute(sql: "DELETE FROM setting WHERE key = ?", arguments: [key]) }
    }
}

extension StateStore {
    /// The score of one task against one model, if it was scored.
    public func score(task: String, model: String) throws -> StoredScore? {
        try read { db in
            try StoredScore.filter(sql: "task = ? AND model = ?", arguments: [task, model]).fetchOne(db)
        }
    }
}
