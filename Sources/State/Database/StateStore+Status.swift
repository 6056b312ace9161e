import GRDB

/// Aggregates for STATUS=, the metrics file and `activetune status`, without loading task bodies.
extension StateStore {
    /// A consistent summary of the state, read in one snapshot.
    public struct Summary: Sendable, Equatable {
        /// Accepted tasks in all.
        public var tasks = 0
        /// Accepted tasks not yet selected by a round.
        public var pool = 0
        /// Scores stored, over all model versions.
        public var scores = 0
        /// Pool tasks scored against the active model.
        public var scoredPool = 0
        /// Finished rounds per status (`rotated`, `gated`, `failed`) and `started` for one in progress.
        public var rounds: [String: Int] = [:]
        /// The highest round number, if any round started.
        public var latestRound: Int?
        /// Whether any round rotated a model in.
        public var hasTrainedModel: Bool { (rounds["rotated"] ?? 0) > 0 }
        /// Refused files per reason code.
        public var rejections: [String: Int] = [:]
        /// Seconds since 1970 when the oldest pool task scored against the active model was accepted.
        public var oldestScoredAcceptedAt: Double?
    }

    /// The summary, with `model` the active model's checkpoint id (nil before round 0).
    public func summary(activeModel model: String?) throws -> Summary {
        try read { db in
            var s = Summary()
            s.tasks = try StoredTask.fetchCount(db)
            s.pool = try StoredTask.filter(sql: "selected_round IS NULL").fetchCount(db)
            s.scores = try StoredScore.fetchCount(db)
            if let model {
                let row = try Row.fetchOne(db, sql: """
                    SELECT COUNT(*) AS n, MIN(task.accepted_at) AS oldest FROM task JOIN score ON score.task = task.hash
                    WHERE task.selected_round IS NULL AND score.model = ?
                    """, arguments: [model])
                s.scoredPool = row?["n"] ?? 0
                s.oldestScoredAcceptedAt = row?["oldest"]
            }
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM round GROUP BY status") {
                s.rounds[row["status"]] = row["n"]
            }
            s.latestRound = try Int.fetchOne(db, sql: "SELECT MAX(number) FROM round")
            for row in try Row.fetchAll(db, sql: "SELECT reason, COUNT(*) AS n FROM rejection GROUP BY reason") {
                s.rejections[row["reason"]] = row["n"]
            }
            return s
        }
    }

    /// Every model version that has scores, by name.
    public func scoredModels() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT model FROM score ORDER BY model") }
    }
}
