import Synchronization

/// Sends WATCHDOG=1 at most every half watchdog interval, when called from the daemon's work loop.
///
/// Deliberately not a timer: the loop calls `ping()` on each iteration, so a hung loop stops the pings
/// and systemd's watchdog kills and restarts the daemon, which is the point of WatchdogSec=.
public final class WatchdogPinger: Sendable {
    /// How often a ping is actually sent (half the watchdog interval), or nil when the watchdog is off.
    public let pingInterval: Duration?

    private let notifier: SystemdNotifier
    private let now: @Sendable () -> ContinuousClock.Instant
    private let lastPing = Mutex<ContinuousClock.Instant?>(nil)

    /// A pinger for `watchdogInterval` (usually `notifier.watchdogInterval`); nil disables it.
    public init(notifier: SystemdNotifier, watchdogInterval: Duration?,
                now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.notifier = notifier
        self.pingInterval = watchdogInterval.map { $0 / 2 }
        self.now = now
    }

    /// How long until the next ping is due (zero if it is due now); nil when the watchdog is off.
    ///
    /// A loop that waits must wake by then: a wait measured from anything else (the last wake-up, say) can end
    /// just short of a due ping and then run a whole wait past it, which is how an idle daemon nears the limit.
    public var untilNextPing: Duration? {
        guard let pingInterval else { return nil }
        guard let last = lastPing.withLock({ $0 }) else { return .zero }
        return max(.zero, pingInterval - last.duration(to: now()))
    }

    /// Call from every iteration of the work loop; returns true when this call sent WATCHDOG=1.
    @discardableResult
    public func ping() throws(SystemdError) -> Bool {
        guard let pingInterval else { return false }
        let instant = now()
        let due = lastPing.withLock { last -> Bool in
            if let last, last.duration(to: instant) < pingInterval { return false }
            last = instant
            return true
        }
        guard due else { return false }
        try notifier.notify(.watchdog)
        return true
    }
}
