import Foundation
import Glibc

/// One run of an operator's command (the trainer of `training.command`, the hook of `rotation.command`): spawned in a
/// process group of its own (so a timeout or a stop ends every process it started, e.g. `accelerate launch`'s
/// workers), with its output read line by line while the caller waits.
struct ExternalCommand {
    /// How a run ended.
    enum Outcome: Equatable {
        /// The command exited with this status.
        case exited(Int32)
        /// The command was killed by this signal (by someone else).
        case signalled(Int32)
        /// It outlived its time and was killed.
        case timedOut
        /// The daemon is stopping; it was killed.
        case cancelled
    }

    let arguments: [String]
    let environment: [String: String]
    /// The configuration key that names the command, for the message when it cannot start.
    let key: String
    /// The code of that error.
    let failure: DaemonError.Code

    /// Runs the command until it ends, `timeout` passes or `isCancelled` says so; `line` gets every line of its
    /// standard output (`true`) and standard error (`false`), and `tick` is called at least once a second (for the
    /// watchdog). `started` gets the process group id as soon as it exists.
    func run(timeout: Duration, isCancelled: () -> Bool, started: (pid_t) -> Void,
             line: (String, Bool) -> Void, tick: () -> Void) throws -> Outcome {
        let output = try Pipe(failure), errors = try Pipe(failure)
        let pid = try spawn(output: output.write, errors: errors.write)
        close(output.write)
        close(errors.write)
        defer { close(output.read); close(errors.read) }
        started(pid)

        let deadline = ContinuousClock.now + timeout
        var readers = [LineReader(descriptor: output.read, isOutput: true), LineReader(descriptor: errors.read, isOutput: false)]
        var ending: Outcome?
        while readers.contains(where: { !$0.finished }) {
            var descriptors = readers.filter { !$0.finished }.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
            _ = poll(&descriptors, nfds_t(descriptors.count), 1000)
            for index in readers.indices where !readers[index].finished {
                readers[index].drain(line)
            }
            tick()
            if ending == nil {
                if isCancelled() { ending = .cancelled } else if ContinuousClock.now >= deadline { ending = .timedOut }
                if ending != nil { Self.stop(group: pid) }
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if let ending { return ending }
        // WIFEXITED / WTERMSIG, which Swift does not import as functions.
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    /// Ends a command's whole process group: SIGTERM, then SIGKILL to what is left after 10 s.
    static func stop(group: pid_t) {
        guard kill(-group, SIGTERM) == 0 else { return }
        for _ in 0..<100 {
            usleep(100_000)
            if kill(-group, 0) != 0 { return }
        }
        kill(-group, SIGKILL)
    }

    private func spawn(output: Int32, errors: Int32) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, errors, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A process group of its own, so a timeout or a stop can end the command and everything it started.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let argv = arguments.map { strdup($0) } + [nil]
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw DaemonError(failure, "could not start `\(arguments.joined(separator: " "))`: \(String(cString: strerror(result)))",
                              hint: "check \(key): its program must be on the daemon's PATH or an absolute path")
        }
        return pid
    }
}

/// A pipe's two descriptors, close-on-exec (the child gets its ends through dup2).
private struct Pipe {
    let read: Int32
    let write: Int32

    init(_ failure: DaemonError.Code) throws {
        var ends: [Int32] = [0, 0]
        // pipe2 is not in Swift's Glibc module; close-on-exec is set right after (the child gets its ends by dup2).
        guard pipe(&ends) == 0 else {
            throw DaemonError(failure, "could not create a pipe: \(String(cString: strerror(errno)))",
                              hint: "check the open-file limit")
        }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        (read, write) = (ends[0], ends[1])
    }
}

/// Splits what a descriptor delivers into lines.
private struct LineReader {
    let descriptor: Int32
    let isOutput: Bool
    var pending: [UInt8] = []
    var finished = false

    /// Reads what is available now (the descriptor is non-blocking only in effect: called after poll said so,
    /// or once a second, when a read may return 0 for end of file).
    mutating func drain(_ line: (String, Bool) -> Void) {
        var probe = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&probe, 1, 0) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = Glibc.read(descriptor, &buffer, buffer.count)
        guard count > 0 else {
            if count == 0 || (errno != EINTR && errno != EAGAIN) {
                finished = true
                if !pending.isEmpty { line(String(decoding: pending, as: UTF8.self), isOutput) }
                pending = []
            }
            return
        }
        pending += buffer[..<count]
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            line(String(decoding: pending[..<newline], as: UTF8.self), isOutput)
            pending.removeSubrange(...newline)
        }
    }
}
