import Foundation
import Logging
import Testing
@testable import Daemon

/// SIGHUP reloads: live keys apply, restart-only keys are reported and kept, a broken file changes nothing.
@Suite struct ConfigurationReloadTests {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("reload-\(UUID().uuidString).toml")

    func write(_ text: String) throws { try Data(text.utf8).write(to: file) }

    func reloader(_ live: LiveConfiguration, spool: String? = nil) -> ConfigurationReloader {
        ConfigurationReloader(source: ConfigurationSource(explicitPath: file.path, spoolOverride: spool, environment: [:]),
                              live: live, notifier: .init(), logger: Logger(label: "test"))
    }

    @Test func liveKeysApplyAndRestartKeysWait() throws {
        try write("[budget]\npool_size = 8\n")
        let source = ConfigurationSource(explicitPath: file.path, spoolOverride: "/srv/spool", environment: [:])
        let live = LiveConfiguration(try source.load())
        try write("[budget]\npool_size = 3\n[selection]\nstrategy = \"random\"\n[model]\nthreads = 4\n[state]\npath = \"/elsewhere\"\n")
        let result = reloader(live, spool: "/srv/spool").reload().changes
        #expect(result?.applied == ["budget.pool_size", "selection.strategy"])
        #expect(result?.needRestart == ["state.path", "model.threads"])
        #expect(live.current.poolSize == 3 && live.current.strategy == .random)
        #expect(live.current.threads == 2 && live.current.statePath == "./state")
        #expect(live.current.spoolPath == "/srv/spool", "the --spool flag still wins after a reload")
    }

    @Test func aBrokenFileKeepsTheRunningConfiguration() throws {
        try write("[budget]\npool_size = 5\n")
        let live = LiveConfiguration(try ConfigurationSource(explicitPath: file.path, environment: [:]).load())
        try write("[budget]\npool_size = 0\n")
        let outcome = reloader(live).reload()
        #expect(outcome.changes == nil)
        guard case .refused(let reason) = outcome else { Issue.record("applied a broken file"); return }
        #expect(reason.contains("budget.pool_size"), "the refusal names the key: \(reason)")
        #expect(live.current.poolSize == 5)
    }

    @Test func everyKeyIsListedOnceAndReadsItsValue() throws {
        let names = DaemonConfiguration.keys.map(\.name)
        #expect(Set(names).count == names.count)
        var changed = DaemonConfiguration()
        changed.learningRate = 0.1
        changed.evaluationDirectory = "/held-out"
        #expect(changed.changedKeys(comparedWith: DaemonConfiguration()).map(\.name)
                == ["training.learning_rate", "evaluation.directory"])
        // Every key is one the parser knows: a file setting each to its default value parses.
        let defaults = DaemonConfiguration()
        let toml = DaemonConfiguration.keys.map { "\($0.name) = \($0.value(defaults))" }.joined(separator: "\n")
        #expect(try DaemonConfiguration(toml: toml, file: "all.toml") == defaults)
    }
}
