import GRDB

/// A file that went to `failed/`, counted by reason for metrics and status.
public struct StoredRejection: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "rejection"
    public var id: Int64?
    public var file: String
    /// A short machine code: `invalid`, `duplicate`, `too_large`, `not_regular`, ...
    public var reason: String
    public var message: String
    public var at: Double

    public init(file: String, reason: String, message: String, at: Double) {
        self.file = file; self.reason = reason; self.message = message; self.at = at
    }
}
