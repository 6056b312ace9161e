import GRDB

/// The intake's decision on one spool file, stored with the file's tasks so a restart can replay it.
public struct StoredClaim: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "claim"

    /// Where a decided file goes.
    public enum Outcome: String, Codable, Sendable {
        case done, failed
    }

    /// The row id; nil until inserted.
    public var id: Int64?
    /// The file's name inside `processing/`.
    public var name: String
    /// The file's identity when it was decided (device, inode, size, modification time).
    public var identity: FileIdentity
    /// Where the file goes.
    public var outcome: Outcome
    /// The text of `NAME.reason` when the outcome is `failed`.
    public var reason: String?
    /// When the decision was committed (seconds since 1970).
    public var decidedAt: Double
    /// When the file reached `done/` or `failed/`; nil while it may still sit in `processing/`.
    public var finishedAt: Double?

    enum CodingKeys: String, CodingKey {
        case id, name, device, inode, size, outcome, reason
        case mtimeNanoseconds = "mtime_ns", decidedAt = "decided_at", finishedAt = "finished_at"
    }

    /// A decision on the file `name` (inside `processing/`) with this identity.
    public init(name: String, identity: FileIdentity, outcome: Outcome, reason: String?, decidedAt: Double) {
        self.name = name; self.identity = identity; self.outcome = outcome; self.reason = reason
        self.decidedAt = decidedAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(Int64.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        identity = FileIdentity(device: try c.decode(Int64.self, forKey: .device), inode: try c.decode(Int64.self, forKey: .inode),
                                size: try c.decode(Int64.self, forKey: .size),
                                modificationNanoseconds: try c.decode(Int64.self, forKey: .mtimeNanoseconds))
        outcome = try c.decode(Outcome.self, forKey: .outcome)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        decidedAt = try c.decode(Double.self, forKey: .decidedAt)
        finishedAt = try c.decodeIfPresent(Double.self, forKey: .finishedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(identity.device, forKey: .device)
        try c.encode(identity.inode, forKey: .inode)
        try c.encode(identity.size, forKey: .size)
        try c.encode(identity.modificationNanoseconds, forKey: .mtimeNanoseconds)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(reason, forKey: .reason)
        try c.encode(decidedAt, forKey: .decidedAt)
        try c.encode(finishedAt, forKey: .finishedAt)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
