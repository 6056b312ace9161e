import Foundation
import Logging
import Synchronization

/// Watches a spool directory with inotify and yields the names that may be ready to claim.
///
/// A name is yielded when a file written in the spool is closed (IN_CLOSE_WRITE), when anything is renamed
/// in (IN_MOVED_TO), and when a non-regular entry (directory, FIFO, symlink, socket) is created, so that it
/// is quarantined at once. Everything is yielded on start and after a queue overflow (full rescan).
/// A name may be yielded more than once; `Spool.claim` settles that, since its rename succeeds only once.
///
/// A rescan cannot tell a complete file from one still being written, so it holds back regular files
/// modified less than `settleTime` ago: a writer still at work will close the file (and IN_CLOSE_WRITE
/// yields it); a file that was finished before the watch began is picked up by a rescan once it has settled.
public final class SpoolWatcher: Sendable {
    /// How long a regular file must be unmodified before a rescan yields it.
    public let settleTime: Duration
    private let spool: Spool
    private let logger: Logger
    // A self-pipe: writing a byte to wakeWrite wakes the reader thread's poll (eventfd is not in Swift's Glibc).
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let state = Mutex(State())

    private struct State {
        var started = false
        var stopping = false
        var rescanRequested = false
    }

    /// A watcher for `spool`; call `names()` once to start it.
    public init(spool: Spool, settleTime: Duration = .seconds(2), logger: Logger) throws(SpoolError) {
        self.settleTime = settleTime
        self.spool = spool
        self.logger = logger
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else { throw SpoolError.failed(.watchFailed, "creating a wake-up pipe") }
        for fd in pipeFDs {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
        }
        wakeRead = pipeFDs[0]
        wakeWrite = pipeFDs[1]
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    /// The candidate names: a full scan first, then one per event; ends when the task is cancelled.
    ///
    /// Throws `watchFailed` when the spool directory disappears. A blocking reader thread polls the inotify
    /// descriptor and a wake-up pipe; cancelling the consuming task writes to the pipe, and the thread exits.
    /// A watcher serves one stream; a second call throws `watchFailed`.
    public func names() throws(SpoolError) -> AsyncThrowingStream<String, any Error> {
        let alreadyStarted = state.withLock { state in
            defer { state.started = true }
            return state.started
        }
        guard !alreadyStarted else {
            throw SpoolError.failed(.watchFailed, "names() was called twice on one SpoolWatcher", errno: EBUSY)
        }
        let inotifyFD = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard inotifyFD >= 0 else { throw SpoolError.failed(.watchFailed, "creating an inotify instance") }
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
        // The watch is added before the first scan, so a file arriving in between is seen by one or the other.
        guard inotify_add_watch(inotifyFD, spool.directory, mask) >= 0 else {
            let error = SpoolError.failed(.watchFailed, "watching \(spool.directory)")
            close(inotifyFD)
            throw error
        }
        let (stream, continuation) = AsyncThrowingStream<String, any Error>.makeStream()
        continuation.onTermination = { [self] _ in wake(stopping: true) }
        let thread = Thread { [self] in
            run(inotifyFD: inotifyFD, continuation: continuation)
            close(inotifyFD)
        }
        thread.name = "activetune-spool-watcher"
        thread.start()
        return stream
    }

    /// Asks for a full rescan (as after an overflow), e.g. on SIGHUP.
    public func requestRescan() {
        wake(stopping: false)
    }

    private func wake(stopping: Bool) {
        state.withLock {
            if stopping { $0.stopping = true } else { $0.rescanRequested = true }
        }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    private func run(inotifyFD: Int32, continuation: AsyncThrowingStream<String, any Error>.Continuation) {
        var recheck = rescan(continuation, reason: "start")
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var fds = [pollfd(fd: inotifyFD, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        while true {
            let ready = poll(&fds, 2, recheck.map { Self.milliseconds(until: $0) } ?? -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return continuation.finish(throwing: SpoolError.failed(.watchFailed, "polling the inotify descriptor"))
            }
            if ready == 0 {
                recheck = rescan(continuation, reason: "settled")
                continue
            }
            if fds[1].revents != 0 {
                var drain = [UInt8](repeating: 0, count: 64)
                while read(wakeRead, &drain, drain.count) > 0 {}
                let (stopping, rescanRequested) = state.withLock { state in
                    defer { state.rescanRequested = false }
                    return (state.stopping, state.rescanRequested)
                }
                if stopping { return continuation.finish() }
                if rescanRequested { recheck = rescan(continuation, reason: "requested") }
            }
            guard fds[0].revents != 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(inotifyFD, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                return continuation.finish(throwing: SpoolError.failed(.watchFailed, "reading inotify events"))
            }
            for event in buffer.withUnsafeBytes({ InotifyEvent.parse(UnsafeRawBufferPointer(rebasing: $0[..<count])) }) {
                if event.isOverflow {
                    recheck = rescan(continuation, reason: "overflow")
                } else if event.watchEnded {
                    return continuation.finish(throwing: SpoolError.failed(
                        .watchFailed, "\(spool.directory) was removed or moved away", errno: ENOENT))
                } else if yields(event) {
                    continuation.yield(event.name)
                }
            }
        }
    }

    // A regular file's IN_CREATE is followed by IN_CLOSE_WRITE when complete, so only other kinds count.
    private func yields(_ event: InotifyEvent) -> Bool {
        guard Spool.isCandidate(event.name) else { return false }
        guard event.mask & UInt32(IN_CREATE) != 0 else { return true }
        let entry = try? SpoolEntry.at(spool.directory + "/" + event.name)
        if case .regular? = entry { return false }
        return entry != .gone
    }

    /// Yields every settled candidate; returns when to look again if some were held back as too fresh.
    private func rescan(_ continuation: AsyncThrowingStream<String, any Error>.Continuation,
                        reason: String) -> ContinuousClock.Instant? {
        do {
            let names = try spool.scan()
            if reason == "overflow" || reason == "requested" {
                // `spool_rescanned` is ActivetuneEvent.spoolRescanned in the Systemd module's catalogue.
                logger.notice("spool rescanned", metadata: [
                    "event": "spool_rescanned", "reason": "\(reason)", "files": "\(names.count)",
                ])
            }
            var heldBack = false
            for name in names {
                if let age = FileSystem.modificationAge(spool.directory + "/" + name), age < settleTime {
                    heldBack = true
                } else {
                    continuation.yield(name)
                }
            }
            return heldBack ? .now + settleTime : nil
        } catch {
            logger.error("spool rescan failed", metadata: ["event": "error", "error": "\(error)"])
            return .now + settleTime
        }
    }

    private static func milliseconds(until instant: ContinuousClock.Instant) -> Int32 {
        let (seconds, attoseconds) = ContinuousClock.now.duration(to: instant).components
        return Int32(clamping: max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1))
    }
}
