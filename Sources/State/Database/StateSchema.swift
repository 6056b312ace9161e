import GRDB

/// The state database's tables, created and upgraded by numbered migrations so an old state directory opens.
enum StateSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // One row per accepted task; the content hash is the identity (the same task resubmitted is a duplicate).
            try db.create(table: "task") { t in
                t.primaryKey("hash", .text)
                t.column("name", .text).notNull()
                t.column("file", .text).notNull()
                t.column("format", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("instances", .integer).notNull()
                t.column("body", .blob).notNull()            // the decoded task, JSON, so rounds never re-read the spool
                t.column("accepted_at", .double).notNull()
                t.column("selected_round", .integer)         // NULL while the task waits in the pool
            }
            // Scores per (task, model): re-scoring after a rotation adds rows, never rewrites history.
            try db.create(table: "score") { t in
                t.column("task", .text).notNull().references("task", onDelete: .cascade)
                t.column("model", .text).notNull()
                t.column("prompt_uncertainty", .double).notNull()
                t.column("prediction_probability", .double).notNull()
                t.column("perplexity", .double).notNull()
                t.column("detail", .blob)
                t.column("scored_at", .double).notNull()
                t.primaryKey(["task", "model"])
            }
            try db.create(table: "round") { t in
                t.primaryKey("number", .integer)
                t.column("status", .text).notNull()          // started, committed, rotated, gated, failed
                t.column("strategy", .text).notNull()
                t.column("selected", .blob).notNull()        // JSON array of task hashes
                t.column("started_at", .double).notNull()
                t.column("finished_at", .double)
                t.column("checkpoint", .text)
                t.column("parent", .text)
                t.column("evaluation", .blob)
                t.column("error", .text)
            }
            try db.create(table: "rejection") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("file", .text).notNull()
                t.column("reason", .text).notNull()          // a short machine code: invalid, duplicate, too_large, ...
                t.column("message", .text).notNull()
                t.column("at", .double).notNull()
            }
            try db.create(table: "setting") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
        }
        migrator.registerMigration("v2") { db in
            // One row per spool file the intake decided on, written in the same transaction as the file's tasks,
            // so a restart that finds the file still in processing/ replays the decision instead of re-judging
            // (which would call the file's own tasks duplicates). `finished_at` is set once the file has moved.
            try db.create(table: "claim") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()            // the name inside processing/
                t.column("device", .integer).notNull()       // device, inode, size and mtime identify the file
                t.column("inode", .integer).notNull()
                t.column("size", .integer).notNull()
                t.column("mtime_ns", .integer).notNull()
                t.column("outcome", .text).notNull()         // done or failed
                t.column("reason", .text)                    // the failed/ reason text
                t.column("decided_at", .double).notNull()
                t.column("finished_at", .double)
            }
            try db.create(index: "claim_open", on: "claim", columns: ["name"], condition: Column("finished_at") == nil)
        }
        migrator.registerMigration("v3") { db in
            // Rounds as a state machine (StoredRound.Status): the gate's decision is recorded before the checkpoint
            // is written, so a restart that finds the checkpoint but not its record adopts it instead of training
            // again, and knows whether to rotate it.
            try db.alter(table: "round") { t in t.add(column: "activate", .boolean) }
        }
        return migrator
    }
}
