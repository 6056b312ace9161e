import Synchronization

/// A time source a test moves by hand.
final class ManualClock: Sendable {
    private let instant = Mutex(ContinuousClock.now)

    /// The current instant, as a `now` closure for the code under test.
    var now: @Sendable () -> ContinuousClock.Instant { { self.instant.withLock { $0 } } }

    /// Moves time forward.
    func advance(_ duration: Duration) { instant.withLock { $0 += duration } }
}
