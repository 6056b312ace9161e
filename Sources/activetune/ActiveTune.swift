import ArgumentParser
import Systemd

/// The `activetune` command: the daemon and every operator tool, as subcommands.
@main
struct ActiveTune: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activetune",
        abstract: "Keep a language model improving in the background by active instruction tuning.",
        version: ActiveTuneVersion.string,
        subcommands: [
            DaemonCommand.self,
            SubmitCommand.self,
            StatusCommand.self,
            ScoresCommand.self,
            TaskmapCommand.self,
            CheckpointsCommand.self,
            RollbackCommand.self,
            ReloadCommand.self,
            ValidateCommand.self,
            PromptCommand.self,
            ScoreCommand.self,
            EvalCommand.self,
            ExperimentCommand.self,
            InitCommand.self,
            ImportCommand.self,
            ExportCommand.self,
            TokenizerCommand.self,
            ConfigCommand.self,
            BenchCommand.self,
        ]
    )

    /// Every subcommand logs the same way: structured journal entries under systemd, one readable line per
    /// record on stderr otherwise. swift-log allows one bootstrap per process, so it happens here, before parsing.
    static func main() async {
        LogBootstrap.bootstrap()
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
