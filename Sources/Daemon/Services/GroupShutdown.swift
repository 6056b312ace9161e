import ServiceLifecycle
import Synchronization

/// Lets a service of a `ServiceGroup` start the group's graceful shutdown (the group is made after its services).
public final class GroupShutdown: Sendable {
    private let group = Mutex<ServiceGroup?>(nil)

    /// A switch with no group attached yet.
    public init() {}

    /// Connects the group to shut down.
    public func attach(_ group: ServiceGroup) { self.group.withLock { $0 = group } }

    /// Starts a graceful shutdown of the attached group.
    public func trigger() async {
        let group = self.group.withLock { $0 }
        await group?.triggerGracefulShutdown()
    }
}
