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
