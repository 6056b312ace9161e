import Glibc
import Systemd
import Testing

extension SystemdIntegration {
    /// sd_notify through libsystemd, received on a socket the test binds.
    @Suite struct NotifierTests {
        @Test func messagesArriveAsTheProtocolLines() throws {
            let socket = try NotifySocket()
            let notifier = SystemdNotifier()
            #expect(notifier.isEnabled)
            #expect(try notifier.notify([.ready, .status("scoring 3 tasks\nround 2")]))
            #expect(socket.receive() == "READY=1\nSTATUS=scoring 3 tasks round 2")
            try notifier.notify(.watchdog)
            #expect(socket.receive() == "WATCHDOG=1")
            try notifier.notify(.reloading)
            #expect(socket.receive() == "RELOADING=1")
            try notifier.notify(.extendTimeout(.seconds(30) + .milliseconds(5)))
            #expect(socket.receive() == "EXTEND_TIMEOUT_USEC=30005000")
            try notifier.notify(.stopping)
            #expect(socket.receive() == "STOPPING=1")
        }

        @Test func withoutNotifySocketEverythingIsANoOp() throws {
            unsetenv("NOTIFY_SOCKET")
            let notifier = SystemdNotifier()
            #expect(!notifier.isEnabled)
            #expect(try notifier.notify([.ready, .watchdog]) == false)
        }

        @Test func watchdogIntervalComesFromTheEnvironment() throws {
            unsetenv("WATCHDOG_USEC")
            #expect(try SystemdNotifier().watchdogInterval == nil)
            setenv("WATCHDOG_USEC", "60000000", 1)
            setenv("WATCHDOG_PID", String(getpid()), 1)
            defer { unsetenv("WATCHDOG_USEC"); unsetenv("WATCHDOG_PID") }
            #expect(try SystemdNotifier().watchdogInterval == .seconds(60))
            // The interval is meant for WATCHDOG_PID only, not for children that inherited the variables.
            setenv("WATCHDOG_PID", "1", 1)
            #expect(try SystemdNotifier().watchdogInterval == nil)
        }

        @Test func pingerSendsAtMostEveryHalfInterval() throws {
            let socket = try NotifySocket()
            let clock = ManualClock()
            let pinger = WatchdogPinger(notifier: SystemdNotifier(), watchdogInterval: .seconds(10), now: clock.now)
            #expect(pinger.pingInterval == .seconds(5))
            #expect(try pinger.ping())
            #expect(socket.receive() == "WATCHDOG=1")
            clock.advance(.seconds(4))
            #expect(try pinger.ping() == false)
            clock.advance(.seconds(1))
            #expect(try pinger.ping())
            #expect(socket.receive() == "WATCHDOG=1")
            #expect(try pinger.ping() == false)
            #expect(socket.receive(timeout: 50) == nil)
        }

        /// The wait a loop may take is measured from the last ping, not from the last wake-up: a loop woken 29 s
        /// after a ping, with pings due every 30 s, may sleep 1 s, not another 30 (a 59 s gap under WatchdogSec=60).
        @Test func untilNextPingCountsFromTheLastPing() throws {
            let socket = try NotifySocket()
            let clock = ManualClock()
            let pinger = WatchdogPinger(notifier: SystemdNotifier(), watchdogInterval: .seconds(60), now: clock.now)
            #expect(pinger.untilNextPing == .zero, "no ping yet: one is due now")
            #expect(try pinger.ping())
            #expect(socket.receive() == "WATCHDOG=1")
            #expect(pinger.untilNextPing == .seconds(30))
            clock.advance(.seconds(29))
            #expect(try pinger.ping() == false)
            #expect(pinger.untilNextPing == .seconds(1))
            clock.advance(.seconds(5))
            #expect(pinger.untilNextPing == .zero, "overdue is due now, never negative")
            #expect(WatchdogPinger(notifier: SystemdNotifier(), watchdogInterval: nil).untilNextPing == nil)
        }

        @Test func pingerIsSilentWhenTheWatchdogIsOff() throws {
            let socket = try NotifySocket()
            let pinger = WatchdogPinger(notifier: SystemdNotifier(), watchdogInterval: nil)
            #expect(try pinger.ping() == false)
            #expect(socket.receive(timeout: 50) == nil)
        }
    }
}
