import Foundation
import Synchronization

/// Starts the processes tests spawn so that they end with the test process, however it ends.
///
/// A test that fails, throws or is killed must not leave a daemon running. Deinitialisers cover failures; a
/// test runner killed outright runs none, so each child also gets a parent-death signal (SIGKILL) through
/// `setpriv --pdeathsig`, which sets it and then execs the program, so the child keeps its pid. The kernel sends
/// that signal when the *thread* that forked the child ends, so every child is forked from one thread that lives
/// as long as the test process (a Swift concurrency worker thread may exit when idle and take children with it).
public enum ChildLifetime {
    /// util-linux's setpriv, on every Debian system (util-linux is essential).
    public static let setpriv = "/usr/bin/setpriv"

    /// Runs `process` (its executable and arguments already set) so that it is killed when the test process ends.
    public static func run(_ process: Process) throws {
        guard FileManager.default.isExecutableFile(atPath: setpriv) else {
            throw ExternalTool.Missing(name: setpriv)
        }
        guard let executable = process.executableURL else {
            throw CocoaError(.executableNotLoadable, userInfo: [NSLocalizedDescriptionKey: "process has no executable"])
        }
        process.arguments = ["--pdeathsig", "KILL", "--", executable.path] + (process.arguments ?? [])
        process.executableURL = URL(fileURLWithPath: setpriv)
        let box = UncheckedBox(process)
        try SpawnThread.shared.perform { try box.value.run() }
    }
}

/// A value handed to the spawn thread; the caller waits until it is done with it.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// The one long-lived thread that forks every test child.
private final class SpawnThread: Sendable {
    static let shared = SpawnThread()

    private typealias Job = @Sendable () -> Void
    private let jobs = Mutex<[Job]>([])
    private let wake = DispatchSemaphore(value: 0)

    private init() {
        let thread = Thread { [self] in
            while true {
                wake.wait()
                let job = jobs.withLock { $0.removeFirst() }
                job()
            }
        }
        thread.name = "test-child-spawner"
        thread.start()
    }

    /// Runs `body` on the spawn thread and waits for it.
    func perform(_ body: @escaping @Sendable () throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<(any Error)?>(nil)
        jobs.withLock {
            $0.append {
                do { try body() } catch { outcome.withLock { $0 = error } }
                done.signal()
            }
        }
        wake.signal()
        done.wait()
        if let error = outcome.withLock({ $0 }) { throw error }
    }
}
