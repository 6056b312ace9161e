import Foundation
import GRDB

/// One training round: what it selected, and how far it got.
public struct StoredRound: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "round"

    /// How far a round got. `started` after a restart means it was interrupted and is redone from its start.
    public enum Status: String, Codable, Sendable {
        case started, rotated, gated, failed
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
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case number, status, strategy, selected, checkpoint, parent, evaluation, error
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
