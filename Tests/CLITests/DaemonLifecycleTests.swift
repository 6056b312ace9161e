import Foundation
import Glibc
import Testing

/// The real daemon under a stand-in for systemd: READY/STATUS/WATCHDOG, SIGHUP reload, SIGTERM → STOPPING, exit 0.
@Suite(.serialized) struct DaemonLifecycleTests {
    @Test func notifiesReadyStatusWatchdogAndStopsGracefully() async throws {
        let daemon = try DaemonProcess()
        let config = daemon.root.appendingPathComponent("activetune.toml")
        try Data("[budget]\npool_size = 8\n".utf8).write(to: config)
        try daemon.start(["--config", config.path])

        #expect(await daemon.notify.await("READY=1") != nil, "no READY=1; log:\n\(daemon.logText)")
        let status = await daemon.notify.await("STATUS=")
        #expect(status == "STATUS=pool 0 | budget 0/4 | round none | idle")
        #expect(await daemon.notify.await("WATCHDOG=1", timeout: 5) != nil, "WATCHDOG_USEC is set, so the loop must ping")

        // SIGHUP: a live key and a restart-only key change; the reload says which is which.
        try Data("[budget]\npool_size = 3\n[model]\nthreads = 4\n".utf8).write(to: config)
        let before = daemon.notify.received.count
        kill(daemon.process.processIdentifier, SIGHUP)
        #expect(await daemon.notify.await("RELOADING=1", after: before) != nil)
        #expect(await daemon.notify.await("READY=1", after: before) != nil)
        #expect(await daemon.eventually(timeout: 5) { daemon.logText.contains("configuration reloaded") })
        let log = daemon.logText
        #expect(log.contains("changed=budget.pool_size "), "log:\n\(log)")
        #expect(log.contains("restart_required=model.threads"), "log:\n\(log)")

        // A reload with a broken file keeps the running configuration and the daemon.
        try Data("[budget]\npool_size = -1\n".utf8).write(to: config)
        kill(daemon.process.processIdentifier, SIGHUP)
        #expect(await daemon.eventually(timeout: 5) { daemon.logText.contains("configuration not reloaded") })
        #expect(daemon.process.isRunning)

        let beforeStop = daemon.notify.received.count
        #expect(await daemon.stop(SIGTERM) == 0)
        #expect(await daemon.notify.await("STOPPING=1", after: beforeStop, timeout: 2) != nil)
    }

    /// `activetune reload` (the unit's ExecReload=) returns only once the daemon has the new configuration in force,
    /// and fails, saying why, when the daemon refuses the file.
    @Test func reloadReturnsOnceTheNewConfigurationIsInForce() async throws {
        let daemon = try DaemonProcess()
        let config = daemon.root.appendingPathComponent("activetune.toml")
        try Data("[budget]\ninitial_tasks = 4\n".utf8).write(to: config)
        try daemon.start(["--config", config.path])
        #expect(await daemon.notify.await("READY=1") != nil, "no READY=1; log:\n\(daemon.logText)")
        let pid = "\(daemon.process.processIdentifier)"

        try Data("[budget]\ninitial_tasks = 6\n".utf8).write(to: config)
        let applied = try ActiveTuneBinary.run(["reload", "--pid", pid, "--state", daemon.state.path])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("applied budget.initial_tasks"), "\(applied.stdout)")
        // The daemon logs the reload before it acknowledges it, and its stderr is a file: no waiting needed.
        #expect(daemon.logText.contains("configuration reloaded"), "log:\n\(daemon.logText)")
        // STATUS= went out before the acknowledgement too; only our listener thread may still be reading it.
        #expect(await daemon.eventually(timeout: 2) {
            daemon.notify.received.last { $0.hasPrefix("STATUS=") }?.contains("budget 0/6") == true
        }, "\(daemon.notify.received.filter { $0.hasPrefix("STATUS=") }.suffix(3))")

        try Data("[budget]\ninitial_tasks = 0\n".utf8).write(to: config)
        let refused = try ActiveTuneBinary.run(["reload", "--pid", pid, "--state", daemon.state.path])
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("`budget.initial_tasks` must be in"), "\(refused.stderr)")
        #expect(daemon.process.isRunning)
        #expect(await daemon.stop() == 0)

        let gone = try ActiveTuneBinary.run(["reload", "--pid", pid, "--state", daemon.state.path, "--timeout", "2"])
        #expect(gone.status == 69, "\(gone.stderr)")
    }

    /// An idle loop woken just before a ping is due must not then sleep a whole interval: each wake-up here comes
    /// 1.8 s after a ping with pings due every 2 s (WATCHDOG_USEC=4 s). A wait measured from the wake-up would leave
    /// gaps of 3.8 s, nearly the whole watchdog interval; measured from the last ping, gaps stay near 2 s. The
    /// median gap decides (one scheduling hiccup on a loaded machine must not), and no gap may reach the interval.
    @Test func idleWakeUpsNeverStretchTheGapBetweenWatchdogPings() async throws {
        let daemon = try DaemonProcess()
        try daemon.start(environment: ["WATCHDOG_USEC": "4000000"])
        #expect(await daemon.notify.await("READY=1") != nil, "no READY=1; log:\n\(daemon.logText)")
        for _ in 0..<5 {
            let seen = daemon.notify.received.count
            guard await daemon.notify.await("WATCHDOG=1", after: seen, timeout: 8) != nil else { break }
            try await Task.sleep(for: .milliseconds(1800))
            kill(daemon.process.processIdentifier, SIGHUP)
        }
        #expect(await daemon.stop() == 0)
        let received = daemon.notify.received, times = daemon.notify.arrivalTimes
        let pings = received.indices.filter { received[$0] == "WATCHDOG=1" }.map { times[$0] }
        let gaps = zip(pings.dropFirst(), pings).map { $0.timeIntervalSince($1) }
        #expect(gaps.count >= 4, "pings: \(pings.count)")
        let median = gaps.isEmpty ? Double.infinity : gaps.sorted()[gaps.count / 2]
        #expect(median < 3.0 && (gaps.max() ?? 0) < 3.9, "gaps between pings: \(gaps)")
    }

    @Test func startUpRecoversCheckpointsBeforeReady() async throws {
        let daemon = try DaemonProcess()
        let checkpoints = daemon.state.appendingPathComponent("checkpoints")
        try FileManager.default.createDirectory(at: checkpoints, withIntermediateDirectories: true)
        let leftover = checkpoints.appendingPathComponent(".tmp-interrupted-commit")
        try Data("half a checkpoint".utf8).write(to: leftover)
        try daemon.start()
        #expect(await daemon.notify.await("READY=1") != nil)
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
        #expect(daemon.logText.contains("checkpoints recovered"), "log:\n\(daemon.logText)")
        #expect(await daemon.stop() == 0)
    }

    @Test func anInvalidConfigurationExits78NamingTheKey() async throws {
        let daemon = try DaemonProcess()
        let config = daemon.root.appendingPathComponent("bad.toml")
        try Data("[budget]\npool_size = 0\n[selection]\nstrategy = \"best\"\n".utf8).write(to: config)
        let result = try ActiveTuneBinary.run(["daemon", "--spool", daemon.spool.path, "--state", daemon.state.path,
                                               "--config", config.path])
        #expect(result.status == 78)
        #expect(result.stderr.contains("`budget.pool_size` must be in 1...100000, found 0"))
        #expect(result.stderr.contains("`selection.strategy` must be one of"))
        let missing = try ActiveTuneBinary.run(["daemon", "--config", daemon.root.appendingPathComponent("none.toml").path])
        #expect(missing.status == 78)
    }
}
