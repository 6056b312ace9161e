import Foundation
import GRDB

/// One training round: what it selected, and how far it got.
///
/// A round is a state machine, each transition one durable step: `started` (tasks selected; training, then the
/// evaluation gate's decision in `activate`) → `committed` (its checkpoint is in the store, `checkpoint` names it)
/// → `rotated` (active) or `gated` (kept, not activated). A restart continues from the last recorded step: a
/// `committed` round is rotated or gated, never trained again; a `started` round whose checkpoint reached the store
/// before its record did adopts that checkpoint; only a round without a checkpoint trains again.
public struct StoredRound: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "round"

    /// How far a round got; `started` and `committed` are in progress (or interrupted, after a restart).
    public enum Status: String, Codable, Sendable {
        case started, committed, rotated, gated, failed

        /// Whether the round has not reached an outcome yet.
        public var inProgress: Bool { self == .started || self == .committed }
    }

    public var number: Int
    public var status: Status
    public var strategy: String
    /// JSON array of the selected tasks' hashes.
    public var selected: Data
    public var startedAt: Double
    public var finishedAt: Double?
    /// The checkpoint the round committed.
    public var checkpoint: String?
    /// The model active when the round started.
    public var parent: String?
    /// Evaluation results as JSON, when an evaluation set is configured.
    public var evaluation: Data?
    /// The gate's decision, recorded once training and evaluation are done (before the commit).
    public var activate: Bool?
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case number, status, strategy, selected, checkpoint, parent, evaluation, activate, error
        case startedAt = "started_at", finishedAt = "finished_at"
    }

    /// The selected task hashes.
    public var selectedHashes: [String] { (try? JSONDecoder().decode([String].self, from: selected)) ?? [] }

    public init(number: Int, status: Status, strategy: String, selectedHashes: [String], startedAt: Double,
                parent: String?) {
        self.number = number; self.status = status; self.strategy = strategy
        self.selected = (try? JSONEncoder().encode(selectedHashes)) ?? Data("[]".utf8)
        self.startedAt = startedAt; self.parent = parent
    }
}
