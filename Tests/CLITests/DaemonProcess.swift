import Foundation
import Glibc
import TestSupport

/// A real `activetune daemon` in a scratch directory, with a notify socket and its stderr in a file.
final class DaemonProcess {
    let root: URL
    let notify: NotifyListener
    private(set) var process = Process()
    var spool: URL { root.appendingPathComponent("spool") }
    var state: URL { root.appendingPathComponent("state") }
    var log: URL { root.appendingPathComponent("daemon.log") }

    /// A scratch directory `root` (made if needed) for one daemon.
    init(root: URL = FileManager.default.temporaryDirectory.appendingPathComponent("daemon-\(UUID().uuidString)")) throws {
        self.root = root
        notify = try NotifyListener()
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    }

    /// Starts the daemon with extra `arguments`; WATCHDOG_USEC makes it ping, so the watchdog path is exercised.
    /// With `journal`, it logs to the journal as under systemd (INVOCATION_ID set) instead of to the log file;
    /// `environment` adds variables (e.g. the crash-test setting ACTIVETUNE_DEBUG_KILL_AT).
    func start(_ arguments: [String] = [], journal: Bool = false, environment extra: [String: String] = [:]) throws {
        // A test that starts again without stopping first must not orphan the earlier daemon.
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        process = Process()
        process.executableURL = ActiveTuneBinary.url
        process.arguments = ["daemon", "--spool", spool.path, "--state", state.path] + arguments
        var environment = ProcessInfo.processInfo.environment
        // Logs must go to stderr (our file), not to a journal the test runner may have inherited.
        for key in ["INVOCATION_ID", "JOURNAL_STREAM", "WATCHDOG_PID"] { environment[key] = nil }
        if journal { environment["INVOCATION_ID"] = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased() }
        environment["NOTIFY_SOCKET"] = notify.path
        // Without WATCHDOG_PID, libsystemd enables the watchdog for whichever process reads it.
        environment["WATCHDOG_USEC"] = "2000000"
        environment.merge(extra) { $1 }
        process.environment = environment
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardError = handle
        process.standardOutput = FileHandle.nullDevice
        try ChildLifetime.run(process)
    }

    /// Sends `signal` and waits for the exit status (nil if it did not exit within `timeout` seconds).
    func stop(_ signal: Int32 = SIGTERM, timeout: Double = 20) async -> Int32? {
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    /// The daemon's log so far.
    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Drops `bytes` into the spool as a producer should: hidden temporary name, then rename.
    func drop(_ bytes: [UInt8], as name: String) throws {
        let temporary = spool.appendingPathComponent(".\(name).tmp")
        try Data(bytes).write(to: temporary)
        guard rename(temporary.path, spool.appendingPathComponent(name).path) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
    }

    /// Names in a spool subdirectory (`done`, `failed`, `processing`), without `.reason` files.
    func names(in subdirectory: String) -> [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: spool.appendingPathComponent(subdirectory).path)) ?? []
        // Hidden names are the spool's own temporary files (a `.reason` being written when a crash came).
        return all.filter { !$0.hasSuffix(".reason") && !$0.hasPrefix(".") }.sorted()
    }

    /// Input still waiting in the spool itself.
    var waiting: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: spool.path)) ?? [])
            .filter { !["done", "failed", "processing"].contains($0) && !$0.hasPrefix(".") }
    }

    /// Polls `condition` every 50 ms for up to `timeout` seconds (sleeping, not blocking a thread).
    @discardableResult
    func eventually(timeout: Double = 30, _ condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    /// `activetune status --json` for this daemon's state.
    func status() throws -> [String: Any] {
        let result = try ActiveTuneBinary.run(["status", "--json", "--state", state.path])
        guard result.status == 0 else { throw StatusFailed(description: result.stderr) }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
    }

    struct StatusFailed: Error, CustomStringConvertible { var description: String }

    deinit {
        notify.shutdown()
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: root)
    }
}
