import Foundation
import GRDB
import Tasks

/// An accepted task as the state database holds it.
public struct StoredTask: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "task"
    /// The task's content hash: its identity.
    public var hash: String
    /// The task's id (NIV2 file name or Self-Instruct id).
    public var name: String
    /// The spool file it came from.
    public var file: String
    /// `niv2` or `self-instruct`.
    public var format: String
    /// `classification` or `generation`.
    public var kind: TaskKind
    /// Number of instances.
    public var instances: Int
    /// The decoded task as JSON.
    public var body: Data
    /// When it was accepted (seconds since 1970).
    public var acceptedAt: Double
    /// The round that selected it; nil while it waits in the pool.
    public var selectedRound: Int?

    enum CodingKeys: String, CodingKey {
        case hash, name, file, format, kind, instances, body
        case acceptedAt = "accepted_at", selectedRound = "selected_round"
    }

    public init(hash: String, name: String, file: String, format: String, kind: TaskKind, instances: Int,
                body: Data, acceptedAt: Double, selectedRound: Int? = nil) {
        self.hash = hash; self.name = name; self.file = file; self.format = format; self.kind = kind
        self.instances = instances; self.body = body; self.acceptedAt = acceptedAt; self.selectedRound = selectedRound
    }
}

/// Stored as its name, the text the column has always held.
extension TaskKind: DatabaseValueConvertible {}
