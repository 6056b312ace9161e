import State

extension DaemonConfiguration {
    /// The configuration that governs `state`: the one its daemon recorded when a daemon has run there, else the
    /// configuration file (`/etc/activetune/activetune.toml` when it exists) and `ACTIVETUNE_*` variables, which can
    /// differ from what a running daemon uses.
    public static func governing(_ state: StateDirectory) throws -> DaemonConfiguration {
        if state.hasDatabase,
           let recorded = try StateDirectory(state.path, access: .readOnly).openDatabase()
            .recordedConfiguration(as: DaemonConfiguration.self) {
            return recorded
        }
        return try ConfigurationSource(explicitPath: nil).load()
    }
}
