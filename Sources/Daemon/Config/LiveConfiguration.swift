import Synchronization

/// The configuration in force, shared by the services and replaced as a whole on SIGHUP.
public final class LiveConfiguration: Sendable {
    private let value: Mutex<DaemonConfiguration>

    /// Starts with `configuration` in force.
    public init(_ configuration: DaemonConfiguration) { value = Mutex(configuration) }

    /// The configuration now; a work item reads it once per step so one step never sees two settings.
    public var current: DaemonConfiguration { value.withLock { $0 } }

    /// Replaces the configuration.
    public func replace(with configuration: DaemonConfiguration) { value.withLock { $0 = configuration } }
}
