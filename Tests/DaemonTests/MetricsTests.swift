import Foundation
import Testing
@testable import Daemon

/// The Prometheus textfile: format, label escaping, and an atomic replace.
@Suite struct MetricsTests {
    @Test func rendersExpositionFormat() {
        var s = MetricsSnapshot()
        s.poolSize = 3
        s.tasksAccepted = 10
        s.rejected = ["invalid": 2, "duplicate": 1]
        s.rounds = ["rotated": 1]
        s.lastLoss = 1.25
        s.activeModel = "000001-ab\"c"
        let text = s.render()
        #expect(text.contains("# TYPE activetune_pool_tasks gauge\nactivetune_pool_tasks 3\n"))
        #expect(text.contains("activetune_tasks_rejected_total{reason=\"duplicate\"} 1\nactivetune_tasks_rejected_total{reason=\"invalid\"} 2\n"))
        #expect(text.contains("activetune_last_loss 1.25\n"))
        #expect(text.contains("activetune_active_model_info{model=\"000001-ab\\\"c\"} 1\n"))
        #expect(!text.contains("checkpoint_commit_seconds"))
    }

    @Test func writeReplacesByRename() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = MetricsTextfile(url: dir.appendingPathComponent("activetune.prom"))
        var s = MetricsSnapshot()
        try file.write(s)
        s.poolSize = 7
        try file.write(s)
        let text = try String(contentsOf: file.url, encoding: .utf8)
        #expect(text.contains("activetune_pool_tasks 7"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["activetune.prom"])
    }
}
