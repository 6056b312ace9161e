import ArgumentParser
import Daemon
import Foundation
import Logging
import Model
import Systemd

/// `activetune daemon`: the service systemd runs (Type=notify); also runs in a terminal.
struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Run the daemon: watch the spool, score tasks, train rounds (the systemd service).",
        discussion: """
            Settings come from the configuration file (--config, else \(ConfigurationSource.defaultPath) when it \
            exists), then ACTIVETUNE_* environment variables, then these flags. SIGTERM/SIGINT stop gracefully; \
            SIGHUP reloads the configuration. Exit status: 0 after a graceful stop, 78 for an invalid \
            configuration, 1 when start-up fails.
            """
    )

    @Option(help: ArgumentHelp("The spool directory producers drop task files into (default: ./spool).", valueName: "DIR"))
    var spool: String?

    @Option(help: ArgumentHelp("The state directory: database, checkpoints, metrics (default: ./state).", valueName: "DIR"))
    var state: String?

    @Option(help: ArgumentHelp("The configuration file; it must exist when given.", valueName: "FILE"))
    var config: String?

    func run() async throws {
        let source = ConfigurationSource(explicitPath: config, spoolOverride: spool, stateOverride: state)
        let configuration: DaemonConfiguration
        do {
            configuration = try source.load()
        } catch {
            FileHandle.standardError.write(Data("activetune daemon: \(error)\n".utf8))
            throw ExitCode(78)  // EX_CONFIG
        }
        let logger = Logger(label: "activetune")
        do {
            Compute.setThreads(configuration.threads)
            try Compute.setPrecision(configuration.resolvedPrecision)
            // Model work in priority order: handing a new active model to the rotation command (so a server that scores
            // has it before scoring goes on), a due round, then scoring the pool against the active model.
            let models = ModelCache()
            let work: [any ModelWork] = [
                RotationCommandWork(models: models),
                RoundWork(models: models, programVersion: ActiveTuneVersion.string),
                ScoringWork(models: models),
            ]
            try await Daemon(configuration: configuration, source: source, work: work, logger: logger).run()
        } catch {
            logger.log(event: .error, "daemon failed", level: .critical, metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
    }
}
