@testable import Daemon
import Foundation
import Logging
import State
import Testing

/// The metrics file the reporter writes from the state, including the values round code leaves in settings.
@Suite struct StatusReporterTests {
    @Test func metricsComeFromTheStateAndTheRoundSettings() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reporter-\(UUID().uuidString)")
        let directory = try StateDirectory(dir.path, access: .readWrite)
        let store = try directory.openDatabase()
        _ = try store.accept(StoredTask(hash: "h1", name: "t1", file: "f", format: "niv2", kind: .generation,
                                        instances: 1, body: Data(), acceptedAt: 1))
        try store.reject(StoredRejection(file: "x", reason: "invalid_json", message: "m", at: 0))
        try store.setSetting("last_loss", "2.5")
        try store.startRound(StoredRound(number: 0, status: .started, strategy: "random", selectedHashes: [],
                                         startedAt: 0, parent: nil))
        let live = LiveConfiguration(DaemonConfiguration())
        let url = StatusReporter.metricsURL(live.current, stateDirectory: directory)
        #expect(url.lastPathComponent == "metrics.prom")
        let reporter = StatusReporter(store: store, stateDirectory: directory, configuration: live,
                                      metrics: MetricsTextfile(url: url), notifier: .init(), logger: Logger(label: "test"))
        #expect(reporter.refresh(step: "round: training 3/10") == "pool 1 | budget 1/4 | round 0 | round: training 3/10")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("activetune_pool_tasks 1\n"))
        #expect(text.contains("activetune_tasks_rejected_total{reason=\"invalid_json\"} 1\n"))
        #expect(text.contains("activetune_last_loss 2.5\n"))
        #expect(!text.contains("outcome=\"started\""), "a round in progress is not a finished round")
        // The step stays until replaced.
        #expect(reporter.refresh() == "pool 1 | budget 1/4 | round 0 | round: training 3/10")
    }
}
