import Foundation
import GRDB

/// The intake's transactions: a spool file's tasks and the decision on it are stored together.
extension StateStore {
    /// What storing one file's tasks found: the tasks that are new, and those already known.
    public struct Intake: Sendable {
        /// Tasks inserted now, in file order.
        public var accepted: [StoredTask] = []
        /// Tasks whose content hash was known, each with the task it duplicates (earlier in this file, or stored).
        public var duplicates: [(task: StoredTask, original: StoredTask)] = []
    }

    /// Inserts the new ones of `tasks`, lets `decide` judge the file from what was found, and stores that claim
    /// (and a rejection row when it fails), all in one transaction. Returns the stored claim and the findings.
    public func recordFile(_ tasks: [StoredTask], name: String, identity: FileIdentity, at time: Double,
                           decide: (Intake) -> (outcome: StoredClaim.Outcome, reason: String?, code: String?))
        throws -> (claim: StoredClaim, intake: Intake) {
        try write { db in
            var intake = Intake()
            var seen: [String: StoredTask] = [:]
            for task in tasks {
                if let original = try seen[task.hash] ?? StoredTask.fetchOne(db, key: task.hash) {
                    intake.duplicates.append((task, original))
                } else {
                    try task.insert(db)
                    intake.accepted.append(task)
                }
                seen[task.hash] = seen[task.hash] ?? task
            }
            let decision = decide(intake)
            var claim = StoredClaim(name: name, identity: identity, outcome: decision.outcome, reason: decision.reason,
                                    decidedAt: time)
            try claim.insert(db)
            if decision.outcome == .failed {
                try StoredRejection(file: name, reason: decision.code ?? "invalid", message: decision.reason ?? "",
                                    at: time).insert(db)
            }
            return (claim, intake)
        }
    }

    /// The undecided-on-disk claim for the file `name` with this identity: a decision made before a crash.
    public func openClaim(name: String, identity: FileIdentity) throws -> StoredClaim? {
        try read { db in
            try StoredClaim.filter(sql: "finished_at IS NULL AND name = ?", arguments: [name]).fetchAll(db)
                .last { $0.identity == identity }
        }
    }

    /// Every claim whose file was not yet confirmed moved, oldest first.
    public func openClaims() throws -> [StoredClaim] {
        try read { db in try StoredClaim.filter(sql: "finished_at IS NULL").order(sql: "id").fetchAll(db) }
    }

    /// Marks a claim's file as moved to `done/` or `failed/`.
    public func finishClaim(id: Int64, at time: Double) throws {
        try write { db in
            try db.execute(sql: "UPDATE claim SET finished_at = ? WHERE id = ?", arguments: [time, id])
        }
    }

    /// Closes every open claim: after start-up recovery none of their files is left in `processing/`.
    public func closeOpenClaims(at time: Double) throws {
        try write { db in
            try db.execute(sql: "UPDATE claim SET finished_at = ? WHERE finished_at IS NULL", arguments: [time])
        }
    }
}
