import Foundation
import Glibc
import Spool
import Testing

/// The watcher on a real directory with real inotify; serialized so that counting open inotify
/// descriptors sees only the watcher under test.
@Suite(.serialized) struct SpoolWatcherTests {
    /// How many inotify descriptors this process has open.
    private func inotifyDescriptors() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").filter {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0)) == "anon_inode:inotify"
        }.count
    }

    @Test func filesWrittenAndClosedAreClaimedOnce() async throws {
        let watched = try WatchedSpool()
        for index in 0..<5 { try watched.temp.drop("t\(index).json") }
        #expect(await watched.wait { watched.claimed.count == 5 })
        try await Task.sleep(for: .milliseconds(100))
        #expect(watched.claimed.sorted() == (0..<5).map { "t\($0).json" })
        #expect(try watched.temp.list("processing").count == 5)
        await watched.stop()
    }

    @Test func aFileStillOpenForWritingIsNotClaimedUntilClosed() async throws {
        let watched = try WatchedSpool()
        try await Task.sleep(for: .milliseconds(100))
        try await writeSlowly("slow.json", in: watched)
    }

    @Test func aFileBeingWrittenAtStartIsHeldBackByTheScan() async throws {
        // Created before the watcher starts, so only the start-up scan can see it; it is fresh, so it waits.
        // The settle time is far longer than the test: under a loaded `swift test` (2 cooperative threads busy
        // with model tests) the 200 ms sleep below once resumed after more than 10 s, by which time a settle
        // rescan had rightly yielded the idle file. Only the close may release it here.
        var fd: Int32 = -1
        let watched = try WatchedSpool(settleTime: .seconds(3600)) { temp in
            fd = open(temp.directory + "/slow.json", O_WRONLY | O_CREAT | O_EXCL, 0o644)
        }
        try await writeSlowly("slow.json", in: watched, fd: fd)
    }

    /// Writes half of a file, checks nothing claims it, writes the rest, closes, and expects the whole file claimed.
    private func writeSlowly(_ name: String, in watched: WatchedSpool, fd: Int32? = nil) async throws {
        let fd = fd ?? open(watched.temp.directory + "/" + name, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        try #require(fd >= 0)
        #expect(write(fd, "{\"half\":", 8) == 8)
        try await Task.sleep(for: .milliseconds(200))
        #expect(watched.claimed.isEmpty && watched.yieldedNames.isEmpty)
        #expect(write(fd, "true}", 5) == 5)
        close(fd)
        #expect(await watched.wait { watched.claimed == [name] })
        #expect(try watched.temp.text("processing/" + name) == "{\"half\":true}")
        await watched.stop()
    }

    @Test func aTmpFileIsSeenOnlyAfterItIsRenamedIn() async throws {
        let watched = try WatchedSpool()
        try watched.temp.drop("upload.json.tmp", "[1]")
        try watched.temp.drop(".hidden.json", "[2]")
        try await Task.sleep(for: .milliseconds(300))
        #expect(watched.claimed.isEmpty)
        #expect(rename(watched.temp.directory + "/upload.json.tmp", watched.temp.directory + "/upload.json") == 0)
        #expect(await watched.wait { watched.claimed == ["upload.json"] })
        #expect(try watched.temp.list() == [".hidden.json", "done", "failed", "processing"])
        await watched.stop()
    }

    @Test func filesFinishedJustBeforeStartAreClaimedOnceSettled() async throws {
        let written = ContinuousClock.now
        let watched = try WatchedSpool(settleTime: .seconds(1)) { temp in
            for index in 0..<3 { try temp.drop("old\(index).json") }
            try temp.drop("old.json.tmp")
        }
        #expect(await watched.wait { watched.claimed.count == 3 })
        #expect(written.duration(to: .now) >= .seconds(1))
        #expect(try watched.temp.list() == ["done", "failed", "old.json.tmp", "processing"])
        await watched.stop()
    }

    @Test func twoThousandFilesAreEachClaimedExactlyOnceThroughEventsAndRescans() async throws {
        let names = (0..<2000).map { String(format: "task-%04d.json", $0) }
        // Half are present before the watcher starts (start-up scan), half arrive while it runs.
        let watched = try WatchedSpool { temp in
            for name in names[..<1000] { try temp.drop(name, name) }
        }
        for (index, name) in names[1000...].enumerated() {
            try watched.temp.drop(name, name)
            // Forced rescans while files keep arriving: the path a queue overflow takes.
            if index % 250 == 0 { watched.watcher.requestRescan() }
        }
        watched.watcher.requestRescan()
        #expect(await watched.wait(seconds: 60) { watched.claimed.count >= 2000 })
        try await Task.sleep(for: .milliseconds(200))
        let claimed = watched.claimed
        #expect(claimed.count == 2000)
        #expect(Set(claimed) == Set(names))
        // Rescans yield names again; the rename lets only one claim win, the rest are ignored.
        #expect(watched.yieldedNames.count >= 2000)
        #expect(watched.claimResults.allSatisfy { if case .quarantined = $0 { false } else { true } })
        #expect(try watched.temp.list("processing") == names)
        #expect(try watched.temp.list() == ["done", "failed", "processing"])
        #expect(try watched.temp.text("processing/task-1999.json") == "task-1999.json")
        await watched.stop()
    }

    @Test func badEntriesCreatedWhileWatchingAreQuarantinedAtOnce() async throws {
        let watched = try WatchedSpool(maxFileSize: 100)
        for kind in QuarantineTests.Kind.allCases {
            try QuarantineTests.make(kind, named: "bad-\(kind)", in: watched.temp)
        }
        let expected = QuarantineTests.Kind.allCases.flatMap { ["bad-\($0)", "bad-\($0).reason"] }.sorted()
        #expect(try await watched.wait { try watched.temp.list("failed") == expected })
        #expect(try watched.temp.list() == ["done", "failed", "processing"])
        await watched.stop()
    }

    @Test func cancellingTheConsumerEndsTheStreamAndClosesTheDescriptor() async throws {
        let before = try inotifyDescriptors()
        let watched = try WatchedSpool()
        #expect(try inotifyDescriptors() == before + 1)
        #expect(throws: SpoolError.self) { try watched.watcher.names() }
        await watched.stop()
        #expect(watched.hasEnded)
        // The reader thread wakes from poll, exits and closes its inotify descriptor.
        #expect(try await watched.wait { try inotifyDescriptors() == before })
    }

    @Test func removingTheSpoolDirectoryEndsTheStreamWithAnError() async throws {
        let watched = try WatchedSpool()
        try FileManager.default.removeItem(atPath: watched.temp.directory)
        #expect(await watched.wait { watched.hasEnded })
        await watched.stop()
    }
}
