import ArgumentParser

/// `activetune config`: configuration tools.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check the daemon's configuration.",
        subcommands: [ConfigCheckCommand.self]
    )
}
