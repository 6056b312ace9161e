import Foundation

/// Where the daemon's configuration comes from: a file (optional when defaulted), the environment, and flags.
///
/// Kept so SIGHUP can read the same file again and re-apply the same flags on top.
public struct ConfigurationSource: Sendable {
    /// The default configuration file, used when it exists and no `--config` is given.
    public static let defaultPath = "/etc/activetune/activetune.toml"

    /// The file to read, or nil for defaults plus environment.
    public var path: String?
    /// Whether a missing file is an error (an explicit `--config`) or means defaults.
    public var required: Bool
    /// `--spool`, which wins over file and environment.
    public var spoolOverride: String?
    /// `--state`, which wins over file and environment.
    public var stateOverride: String?
    /// The environment the `ACTIVETUNE_*` overrides are read from.
    public var environment: [String: String]

    /// A source for `--config` (`explicitPath`), falling back to `defaultPath` when that file exists.
    public init(explicitPath: String?, spoolOverride: String? = nil, stateOverride: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                defaultPath: String = ConfigurationSource.defaultPath) {
        if let explicitPath {
            path = explicitPath
            required = true
        } else {
            path = FileManager.default.fileExists(atPath: defaultPath) ? defaultPath : nil
            required = false
        }
        self.spoolOverride = spoolOverride
        self.stateOverride = stateOverride
        self.environment = environment
    }

    /// Reads and validates the configuration, then applies the flags.
    public func load() throws(ConfigurationError) -> DaemonConfiguration {
        var configuration = try DaemonConfiguration.load(path: path, required: required, environment: environment)
        if let spoolOverride { configuration.spoolPath = spoolOverride }
        if let stateOverride { configuration.statePath = stateOverride }
        return configuration
    }
}
