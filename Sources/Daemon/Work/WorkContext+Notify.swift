import Systemd

extension WorkContext {
    /// Asks systemd for `duration` more before it times out a start or stop (EXTEND_TIMEOUT_USEC), e.g. during a
    /// checkpoint commit. A notification that cannot be sent is logged; the work goes on.
    public func extendTimeout(_ duration: Duration) {
        do {
            try notifier.notify(.extendTimeout(duration))
        } catch {
            logger.warning("could not extend the systemd timeout", metadata: ["error": "\(error)"])
        }
    }
}
