import ArgumentParser
import Daemon
import Foundation

/// `activetune config check [FILE]`: validates a configuration file and prints the effective values.
struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a configuration file; print every effective value, or every problem.",
        discussion: """
            Without FILE, checks \(ConfigurationSource.defaultPath) if it exists (else the defaults). \
            ACTIVETUNE_* environment variables apply as they would for the daemon. Exit status: 0 when valid, \
            78 (EX_CONFIG) with one line per problem otherwise.
            """
    )

    @Argument(help: ArgumentHelp("The configuration file (TOML).", valueName: "FILE"))
    var file: String?

    func run() throws {
        let source = ConfigurationSource(explicitPath: file)
        let configuration: DaemonConfiguration
        do {
            configuration = try source.load()
        } catch {
            FileHandle.standardError.write(Data("activetune config check: \(error)\n".utf8))
            throw ExitCode(78)
        }
        print("ok: \(source.path ?? "no configuration file, defaults") (plus ACTIVETUNE_* environment)")
        for key in DaemonConfiguration.keys {
            print("\(key.name) = \(key.value(configuration))")
        }
    }
}
