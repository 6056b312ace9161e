import Foundation
import Glibc
import Testing

/// SIGKILL at random moments while files flow in (and the daemon scores and trains on them): after restarts nothing
/// is lost and nothing is counted twice, and after every kill, before any recovery, the active model loads and verifies.
@Suite(.serialized) struct DaemonCrashTests {
    @Test func killedAtRandomMomentsLosesAndDoublesNothing() async throws {
        let daemon = try DaemonProcess()
        var generator = SystemRandomNumberGenerator()
        var submitted: [String] = []
        var validContents = Set<Int>()
        var invalidOrDuplicate = 0
        var next = 0
        let kills = 24
        for round in 0..<kills {
            try daemon.start()
            let before = daemon.notify.received.count
            #expect(await daemon.notify.await("READY=1", after: before, timeout: 20) != nil, "restart \(round) not READY")
            // A batch: new tasks, a duplicate of an earlier task, and a broken file, all under fresh names.
            for _ in 0..<30 {
                let name = "f\(next).json"
                next += 1
                let pick = Int.random(in: 0..<10, using: &generator)
                if pick == 0 {
                    try daemon.drop(Array("{\"broken".utf8), as: name)
                    invalidOrDuplicate += 1
                } else if pick == 1, let earlier = validContents.randomElement(using: &generator) {
                    try daemon.drop(GeneratedTasks.niv2(earlier), as: name)
                    invalidOrDuplicate += 1
                } else {
                    try daemon.drop(GeneratedTasks.niv2(next), as: name)
                    validContents.insert(next)
                }
                submitted.append(name)
            }
            try await Task.sleep(for: .microseconds(Int.random(in: 0...300_000, using: &generator)))
            #expect(await daemon.stop(SIGKILL) == SIGKILL || !daemon.process.isRunning)
            try expectActiveModelLoads(daemon, after: round)
        }
        // Final run drains the spool.
        try daemon.start()
        let before = daemon.notify.received.count
        #expect(await daemon.notify.await("READY=1", after: before, timeout: 20) != nil)
        #expect(await daemon.eventually(timeout: 60) {
            daemon.waiting.isEmpty && daemon.names(in: "processing").isEmpty
                && daemon.names(in: "done").count + daemon.names(in: "failed").count == submitted.count
        }, "waiting \(daemon.waiting.count), processing \(daemon.names(in: "processing"))")
        #expect(await daemon.stop() == 0)
        try expectActiveModelLoads(daemon, after: kills)
        let log = daemon.logText
        print("\(kills) kills: \(log.components(separatedBy: "finished files left in processing/").count - 1) restarts "
              + "found claimed files, \(log.components(separatedBy: "finishing a file decided before a restart").count - 1) "
              + "decisions replayed, \(log.components(separatedBy: "wrote the reason a crash left unwritten").count - 1) reasons restored")

        let done = Set(daemon.names(in: "done")), failed = Set(daemon.names(in: "failed"))
        #expect(done.isDisjoint(with: failed))
        #expect(done.union(failed) == Set(submitted), "names were renamed or lost")
        let status = try daemon.status()
        #expect(status["tasks"] as? Int == validContents.count, "tasks in the database vs distinct valid files")
        #expect(done.count == validContents.count)
        #expect(failed.count == invalidOrDuplicate)
        for name in failed {
            let reason = daemon.spool.appendingPathComponent("failed/\(name).reason").path
            #expect(FileManager.default.fileExists(atPath: reason), "\(name) has no .reason")
        }
        let rejections = (status["rejections"] as? [String: Int] ?? [:]).values.reduce(0, +)
        #expect(rejections == invalidOrDuplicate, "each refused file is counted exactly once")
    }

    /// `activetune export` reads the `active` model and verifies every checksum: it must succeed whenever the daemon
    /// has made a model (it creates one before its first READY).
    private func expectActiveModelLoads(_ daemon: DaemonProcess, after kill: Int) throws {
        let active = daemon.state.appendingPathComponent("checkpoints/active")
        guard FileManager.default.fileExists(atPath: active.path) else {
            Issue.record("after kill \(kill) there is no active model")
            return
        }
        let out = daemon.root.appendingPathComponent("export-\(kill)")
        let result = try ActiveTuneBinary.run(["export", "--state", daemon.state.path, "--out", out.path])
        #expect(result.status == 0, "after kill \(kill) the active model does not load: \(result.stderr)")
        if FileManager.default.fileExists(atPath: out.path) { try FileManager.default.removeItem(at: out) }
    }
}
