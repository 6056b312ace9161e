import Checkpoint
@testable import Daemon
import Foundation
import Logging
import ServiceLifecycle
import State
import Synchronization
import Systemd
import Testing

/// The work loop seam: priority order, sleeping until signalled, failures retried, graceful shutdown.
@Suite struct WorkLoopTests {
    /// A work item that follows a script of outcomes and records each call as `name:outcome`.
    final class ScriptedWork: ModelWork {
        let name: String
        private let script: Mutex<[Result<WorkOutcome, TestFailure>]>
        private let journal: Journal
        private let pause: Duration

        init(_ name: String, _ script: [Result<WorkOutcome, TestFailure>], journal: Journal, pause: Duration = .zero) {
            self.name = name
            self.script = Mutex(script)
            self.journal = journal
            self.pause = pause
        }

        func step(_ context: WorkContext) async throws -> WorkOutcome {
            let next = script.withLock { $0.isEmpty ? .success(.idle) : $0.removeFirst() }
            journal.append("\(name):\(context.configuration.poolSize):" + ((try? next.get()).map { "\($0)" } ?? "error"))
            if pause > .zero {
                do { try await Task.sleep(for: pause) } catch {
                    journal.append("\(name):cancelled")
                    throw error
                }
            }
            return try next.get()
        }
    }

    struct TestFailure: Error {}

    final class Journal: Sendable {
        private let entries = Mutex<[String]>([])
        func append(_ entry: String) { entries.withLock { $0.append(entry) } }
        var all: [String] { entries.withLock { $0 } }
    }

    let root = FileManager.default.temporaryDirectory.appendingPathComponent("loop-\(UUID().uuidString)")

    func loop(_ items: [any ModelWork], live: LiveConfiguration, signal: WorkSignal,
              idle: Duration = .seconds(3600)) throws -> (WorkLoop, StateStore) {
        // The default idle wake-up lies far beyond any test: a test's short sleep may resume tens of seconds late
        // while model-heavy tests hold the cooperative threads, and a wake-up then would add steps it does not expect.
        let directory = try StateDirectory(root.path, access: .readWrite)
        let store = try directory.openDatabase()
        let notifier = SystemdNotifier()
        let status = StatusReporter(store: store, stateDirectory: directory, configuration: live,
                                    metrics: MetricsTextfile(url: root.appendingPathComponent("metrics.prom")),
                                    notifier: notifier, logger: Logger(label: "test"))
        let checkpoints = try directory.openCheckpoints(logger: Logger(label: "test"))
        let loop = WorkLoop(items: items, state: store, stateDirectory: directory, checkpoints: checkpoints,
                            configuration: live, signal: signal,
                            status: status, notifier: notifier,
                            pinger: WatchdogPinger(notifier: notifier, watchdogInterval: nil),
                            logger: Logger(label: "test"), idleTimeout: idle)
        return (loop, store)
    }

    /// Runs `loop` in a service group, calls `body`, then shuts the group down gracefully.
    func running(_ loop: WorkLoop, _ body: () async throws -> Void) async throws {
        let group = ServiceGroup(configuration: .init(services: [.init(service: loop)], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    func eventually(_ condition: () -> Bool) async throws {
        for _ in 0..<200 where !condition() { try await Task.sleep(for: .milliseconds(20)) }
    }

    @Test func itemsRunInPriorityOrderAndTheLoopSleepsUntilSignalled() async throws {
        let journal = Journal()
        let live = LiveConfiguration(DaemonConfiguration())
        let signal = WorkSignal()
        let first = ScriptedWork("score", [.success(.worked), .success(.worked)], journal: journal)
        let second = ScriptedWork("round", [.success(.worked)], journal: journal)
        let (loop, _) = try loop([first, second], live: live, signal: signal)
        try await running(loop) {
            try await eventually { journal.all.count >= 6 }
            // Once everything is idle, nothing runs until a signal.
            try await Task.sleep(for: .milliseconds(200))
            #expect(journal.all == ["score:8:worked", "score:8:worked", "score:8:idle", "round:8:worked",
                                    "score:8:idle", "round:8:idle"])
            var next = DaemonConfiguration()
            next.poolSize = 3
            live.replace(with: next)
            signal.notify()
            try await eventually { journal.all.count >= 8 }
            #expect(journal.all.suffix(2) == ["score:3:idle", "round:3:idle"], "a step sees the configuration in force")
        }
    }

    @Test func aFailingStepIsRecordedAsLastErrorAndRetried() async throws {
        let journal = Journal()
        let failing = ScriptedWork("score", [.failure(TestFailure()), .success(.worked)], journal: journal)
        let (loop, store) = try loop([failing], live: LiveConfiguration(DaemonConfiguration()), signal: WorkSignal(),
                                     idle: .milliseconds(50))
        try await running(loop) {
            try await eventually { journal.all.count >= 3 }
        }
        #expect(Array(journal.all.prefix(3)) == ["score:8:error", "score:8:worked", "score:8:idle"])
        #expect(try store.setting("last_error")?.hasPrefix("score: TestFailure") == true)
    }

    @Test func gracefulShutdownCancelsTheStepInProgress() async throws {
        let journal = Journal()
        let slow = ScriptedWork("round", [.success(.worked)], journal: journal, pause: .seconds(86_400))
        let (loop, _) = try loop([slow], live: LiveConfiguration(DaemonConfiguration()), signal: WorkSignal())
        let started = ContinuousClock.now
        try await running(loop) {
            try await eventually { !journal.all.isEmpty }
        }
        #expect(journal.all == ["round:8:worked", "round:cancelled"])
        // Far below the step's day: it was cancelled, not waited for. The bound is an hour because other tests
        // share the CPU and the cooperative threads that resume this test (a trivial test here has taken 5 min in CI).
        #expect(ContinuousClock.now - started < .seconds(3600))
    }

    @Test func aPendingSignalWakesAtOnceAndSignalsCoalesce() async throws {
        let signal = WorkSignal()
        signal.notify()
        signal.notify()
        let clock = ContinuousClock()
        let woke = await clock.measure { await signal.wait(timeout: .seconds(86_400)) }
        #expect(woke < .seconds(3600), "a pending signal must not wait for the day-long timeout")
        let slept = await clock.measure { await signal.wait(timeout: .milliseconds(100)) }
        #expect(slept >= .milliseconds(100))
    }
}
