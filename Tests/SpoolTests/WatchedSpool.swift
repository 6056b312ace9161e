import Foundation
import Spool
import Synchronization

/// A temporary spool with a running watcher whose names are claimed as they arrive, like the daemon does.
final class WatchedSpool: Sendable {
    let temp: TemporarySpool
    let watcher: SpoolWatcher
    private let record = Record()
    private let consumer: Task<Void, Never>

    /// What the consumer saw, shared between it and the test.
    private final class Record: Sendable {
        let results = Mutex<[ClaimResult]>([])
        let yielded = Mutex<[String]>([])
        let ended = Mutex(false)
    }

    init(maxFileSize: Int = 1 << 20, settleTime: Duration = .milliseconds(300),
         beforeStart: (TemporarySpool) throws -> Void = { _ in }) throws {
        let temp = try TemporarySpool(maxFileSize: maxFileSize)
        try beforeStart(temp)
        let watcher = try SpoolWatcher(spool: temp.spool, settleTime: settleTime, logger: TemporarySpool.quietLogger)
        let names = try watcher.names()
        let spool = temp.spool
        let record = self.record
        consumer = Task {
            do {
                for try await name in names {
                    record.yielded.withLock { $0.append(name) }
                    let result = try spool.claim(name)
                    record.results.withLock { $0.append(result) }
                }
            } catch {}
            record.ended.withLock { $0 = true }
        }
        self.temp = temp
        self.watcher = watcher
    }

    /// Names of the files claimed so far, in order.
    var claimed: [String] {
        record.results.withLock { $0.compactMap { if case .claimed(let file) = $0 { file.name } else { nil } } }
    }

    /// Every claim result so far.
    var claimResults: [ClaimResult] { record.results.withLock { $0 } }

    /// Every name the watcher yielded so far.
    var yieldedNames: [String] { record.yielded.withLock { $0 } }

    /// Whether the stream has ended.
    var hasEnded: Bool { record.ended.withLock { $0 } }

    /// Waits up to `seconds` for `condition`; returns whether it became true.
    ///
    /// The default is generous because the consumer is a task on the cooperative pool, which model-heavy tests
    /// running in parallel can keep busy for tens of seconds; a passing wait returns as soon as it holds.
    func wait(seconds: Double = 60, until condition: () throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return try condition()
    }

    /// Stops the watcher and waits for the consumer to finish.
    func stop() async {
        consumer.cancel()
        await consumer.value
    }
}
