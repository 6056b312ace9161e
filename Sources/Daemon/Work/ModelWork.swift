/// One kind of model work the daemon's work loop runs: scoring new tasks, a training round, re-scoring.
///
/// The loop calls `step` on its items in order, one at a time (model work shares the CPU, so two never run
/// at once). When an item did something, the loop starts again from the first item, so earlier items take
/// priority; when every item is idle, the loop sleeps until a task is accepted, the configuration is reloaded,
/// or a timeout passes. A step should be short (one task, one training chunk); long work calls
/// `context.progress` often, which pets the systemd watchdog and updates STATUS=, and checks
/// `Task.isCancelled` (set on SIGTERM) to stop at a safe point.
public protocol ModelWork: Sendable {
    /// A short name for logs and STATUS= (e.g. `scoring`, `round`).
    var name: String { get }

    /// Runs once at start-up, before READY=1: repair what a crash left (checkpoint recovery, an interrupted
    /// round). Ask for more start-up time with `context.notifier.notify(.extendTimeout(...))` if it is slow.
    func recover(_ context: WorkContext) async throws

    /// Does one unit of work, or reports that there is none.
    func step(_ context: WorkContext) async throws -> WorkOutcome
}

extension ModelWork {
    /// Most work has nothing to repair.
    public func recover(_ context: WorkContext) async throws {}
}

/// What one `ModelWork.step` did.
public enum WorkOutcome: Sendable, Equatable {
    /// Something was done; the loop refreshes status and metrics and asks the items again.
    case worked
    /// Nothing to do now.
    case idle
}
