import ArgumentParser
import Daemon
import Foundation
import Glibc
import State

/// `activetune reload`: SIGHUP the daemon and wait until it has applied (or refused) its configuration.
///
/// Synchronous on purpose: it runs under the unit's sandbox at every reload, and an async command would start
/// libdispatch worker threads, which log a failed renice there (see `DaemonCommand`).
struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Make the running daemon re-read its configuration, and return once the new one is in force.",
        discussion: """
            Sends SIGHUP to --pid, then waits for the daemon's acknowledgement in the state directory, so that \
            whatever runs next sees the new configuration. The unit's ExecReload= runs it: systemd 252 has no \
            Type=notify-reload, and `kill -HUP` alone would let `systemctl reload` return before the daemon has \
            read the file. Exit status 0 when applied; 78 (EX_CONFIG) when the daemon refused the file (the running \
            configuration stays in force; the reason is printed); 75 (EX_TEMPFAIL) when no answer came in time; \
            69 (EX_UNAVAILABLE) when no such process runs; 66 (EX_NOINPUT) when --state does not exist.
            """
    )

    @Option(help: ArgumentHelp("The daemon's process id (systemd: $MAINPID).", valueName: "PID"))
    var pid: Int32

    @Option(help: ArgumentHelp("The daemon's state directory.", valueName: "DIR"))
    var state = StateDirectory.defaultPath

    @Option(help: ArgumentHelp("Seconds to wait for the daemon's answer.", valueName: "SECONDS"))
    var timeout: Double = 60

    func validate() throws {
        guard pid > 1 else { throw ValidationError("--pid must name the daemon's process, found \(pid)") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive, found \(timeout)") }
    }

    func run() throws {
        let stateDirectory: StateDirectory
        do throws(StateError) { stateDirectory = try StateDirectory(state, access: .readOnly) } catch {
            throw fail(66, "\(error.message). HINT: pass the daemon's --state")
        }
        let sentAt = ReloadAcknowledgement.now()
        guard kill(pid, SIGHUP) == 0 else {
            throw fail(69, "cannot signal process \(pid): \(String(cString: strerror(errno))). "
                + "HINT: is the daemon running? (`systemctl status activetune`)")
        }
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while ContinuousClock.now < deadline {
            // An answer to a signal taken after ours was sent read the file after that too, so it answers ours.
            if let answer = try ReloadAcknowledgement.read(from: stateDirectory.reloadAcknowledgementURL), answer.receivedAt >= sentAt {
                guard answer.applied else {
                    throw fail(78, "refused, the running configuration stays in force: \(answer.detail)")
                }
                print("activetune reload: \(answer.detail)")
                return
            }
            guard kill(pid, 0) == 0 || errno == EPERM else { throw fail(69, "process \(pid) ended before it answered") }
            usleep(20_000)
        }
        throw fail(75, "no answer from process \(pid) within \(timeout) s. HINT: is it the activetune daemon of "
            + "--state \(state)? `journalctl -u activetune` shows what it does")
    }

    /// Prints `message` to stderr and returns the exit code to throw.
    private func fail(_ code: Int32, _ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("activetune reload: \(message)\n".utf8))
        return ExitCode(code)
    }
}
