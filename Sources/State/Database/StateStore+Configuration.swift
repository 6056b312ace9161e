import Foundation

/// The configuration the running daemon uses, recorded at start and after every applied reload, so that operator
/// commands (`status`, `import`, `init`) act on what the daemon does rather than on their own reading of files and
/// environment, which can differ from the daemon's.
extension StateStore {
    private static let configurationKey = "configuration"
    private static let rollbackKey = "last_rollback"

    /// Records the daemon's configuration in force (the daemon's own type: this store keeps its JSON).
    public func recordConfiguration(_ configuration: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try setSetting(Self.configurationKey, String(decoding: try encoder.encode(configuration), as: UTF8.self))
    }

    /// The configuration the daemon last recorded, if a daemon has run on this state. A record an older version wrote,
    /// without a key added since, reads as none: the caller then reads the configuration files as before.
    public func recordedConfiguration<Configuration: Decodable>(as type: Configuration.Type) throws -> Configuration? {
        try setting(Self.configurationKey)
            .flatMap { try? JSONDecoder().decode(type, from: Data($0.utf8)) }
    }

    /// Records an operator's rollback: the active model went from `from` back to `to`.
    public func recordRollback(from: String?, to: String, at time: Double) throws {
        try setSetting(Self.rollbackKey, "\(to) (was \(from ?? "none")) at \(time)")
    }

    /// The last rollback, as `recordRollback` wrote it.
    public func lastRollback() throws -> String? { try setting(Self.rollbackKey) }
}
