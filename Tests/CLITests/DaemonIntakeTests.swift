import Foundation
import Glibc
import Testing

/// Real task files and every kind of bad input through the real daemon: done/ or failed/ with a reason.
@Suite(.serialized) struct DaemonIntakeTests {
    @Test func realTaskFilesLandInDoneAndShowInStatus() async throws {
        let data = try TaskFileLocations.sharedData().appendingPathComponent("niv2/tasks")
        let names = try FileManager.default.contentsOfDirectory(atPath: data.path).filter { $0.hasSuffix(".json") }.sorted()
        let chosen = Array(names.prefix(3))
        let daemon = try DaemonProcess()
        try daemon.start()
        #expect(await daemon.notify.await("READY=1") != nil)
        for name in chosen {
            // A plain copy: the daemon sees IN_CLOSE_WRITE when cp closes the file.
            try FileManager.default.copyItem(at: data.appendingPathComponent(name), to: daemon.spool.appendingPathComponent(name))
        }
        #expect(await daemon.eventually { daemon.names(in: "done") == chosen }, "log:\n\(daemon.logText)")
        let status = try daemon.status()
        #expect(status["tasks"] as? Int == 3)
        #expect(status["pool"] as? Int == 3)
        #expect(await daemon.notify.await("STATUS=pool 3 |", timeout: 5) != nil)
        let metrics = try String(contentsOf: daemon.state.appendingPathComponent("metrics.prom"), encoding: .utf8)
        #expect(metrics.contains("activetune_pool_tasks 3"))
        #expect(await daemon.stop() == 0)
    }

    @Test func everyKindOfBadInputIsRefusedWithAReasonAndTheDaemonGoesOn() async throws {
        let daemon = try DaemonProcess()
        let config = daemon.root.appendingPathComponent("small.toml")
        try Data("[spool]\nmax_file_bytes = 4096\n".utf8).write(to: config)
        try daemon.start(["--config", config.path])
        #expect(await daemon.notify.await("READY=1") != nil)
        try daemon.drop(GeneratedTasks.niv2(1), as: "good.json")
        #expect(await daemon.eventually { daemon.names(in: "done") == ["good.json"] })

        try daemon.drop(Array("{\"Definition\": [\"x\"], ".utf8), as: "truncated.json")
        try daemon.drop(Array("{\"hello\": \"world\"}".utf8), as: "schema.json")
        try daemon.drop([], as: "empty.json")
        try daemon.drop([0xff, 0xfe, 0x7b, 0x00, 0x22, 0x00], as: "utf16.json")
        try daemon.drop([0x00, 0x01, 0x02, 0x89, 0x50, 0x4e, 0x47], as: "binary.json")
        try daemon.drop(Array(repeating: 0x20, count: 5000) + Array("{}".utf8), as: "huge.json")
        try daemon.drop(GeneratedTasks.niv2(1), as: "again.json")
        #expect(mkdir(daemon.spool.appendingPathComponent("folder").path, 0o755) == 0)
        #expect(mkfifo(daemon.spool.appendingPathComponent("pipe").path, 0o644) == 0)
        #expect(symlink("/etc/hostname", daemon.spool.appendingPathComponent("link.json").path) == 0)
        let bad = ["again.json", "binary.json", "empty.json", "folder", "huge.json", "link.json", "pipe",
                   "schema.json", "truncated.json", "utf16.json"]
        // The reason is written just after the move, so wait for both.
        let reasons = bad.map { daemon.spool.appendingPathComponent("failed/\($0).reason").path }
        #expect(await daemon.eventually {
            daemon.names(in: "failed") == bad && reasons.allSatisfy { FileManager.default.fileExists(atPath: $0) }
        }, "failed: \(daemon.names(in: "failed"))")
        for name in bad {
            let reason = try String(contentsOf: daemon.spool.appendingPathComponent("failed/\(name).reason"), encoding: .utf8)
            #expect(reason.contains("HINT"), "\(name).reason: \(reason)")
        }
        // Each refusal is a `rejected` event carrying its reason code (ACTIVETUNE_REASON in the journal).
        let log = daemon.logText
        for code in ["empty_file", "duplicate", "fifo", "symlink", "too_large"] {
            #expect(log.contains("event=rejected") && log.contains("reason=\(code)"), "no rejected event with reason \(code)")
        }
        let duplicate = try String(contentsOf: daemon.spool.appendingPathComponent("failed/again.json.reason"), encoding: .utf8)
        #expect(duplicate.contains("already accepted"))

        // Still running and still accepting.
        try daemon.drop(GeneratedTasks.niv2(2), as: "after.json")
        #expect(await daemon.eventually { daemon.names(in: "done") == ["after.json", "good.json"] })
        let status = try daemon.status()
        #expect(status["tasks"] as? Int == 2)
        let rejections = status["rejections"] as? [String: Int] ?? [:]
        #expect(rejections.values.reduce(0, +) == bad.count, "\(rejections)")
        #expect(rejections["duplicate"] == 1 && rejections["too_large"] == 1 && rejections["fifo"] == 1)
        #expect(await daemon.stop() == 0)
    }

    @Test func twoThousandFilesDroppedAtOnceAreAllAccountedFor() async throws {
        let daemon = try DaemonProcess()
        let staging = daemon.root.appendingPathComponent("staging")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        let count = 2000
        for n in 0..<count { try Data(GeneratedTasks.niv2(n)).write(to: staging.appendingPathComponent("t\(n).json")) }
        try daemon.start()
        #expect(await daemon.notify.await("READY=1") != nil)
        let started = Date()
        for n in 0..<count {
            #expect(rename(staging.appendingPathComponent("t\(n).json").path, daemon.spool.appendingPathComponent("t\(n).json").path) == 0)
        }
        #expect(await daemon.eventually(timeout: 150) { daemon.names(in: "done").count + daemon.names(in: "failed").count == count })
        let seconds = Date().timeIntervalSince(started)
        #expect(daemon.names(in: "done").count == count, "failed: \(daemon.names(in: "failed").prefix(5))")
        #expect(daemon.names(in: "processing").isEmpty && daemon.waiting.isEmpty)
        #expect(try daemon.status()["tasks"] as? Int == count)
        print("2000 files accepted in \(String(format: "%.1f", seconds)) s (debug build, shared CPU)")
        #expect(await daemon.stop() == 0)
    }
}
