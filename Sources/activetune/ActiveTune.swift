import ArgumentParser
import Dispatch
import Systemd

/// The `activetune` command: the daemon and every operator tool, as subcommands.
@main
struct ActiveTune: ParsableCommand {
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
    ///
    /// Synchronous, with async commands run by a task at the default priority while the main thread serves the
    /// main queue: an async `main` runs at user-initiated priority, and libdispatch renices each worker thread it
    /// starts to its priority's nice value (-4 for user-initiated). Under the unit, without CAP_SYS_NICE, that is
    /// refused and libdispatch logs each refusal at notice level ("Failed to set thread priority for worker
    /// thread", about 5 a minute as idle threads come and go). The default priority asks for no change, and
    /// suits a daemon that works in the background.
    static func main() {
        LogBootstrap.bootstrap()
        var command: any ParsableCommand
        do { command = try parseAsRoot() } catch { exit(withError: error) }
        guard let asynchronous = command as? any AsyncParsableCommand else {
            do { try command.run() } catch { exit(withError: error) }
            exit()
        }
        let owned = CommandTransfer(command: asynchronous)
        Task.detached(priority: .medium) {
            var command = owned.command
            do { try await command.run() } catch { exit(withError: error) }
            exit()
        }
        dispatchMain()
    }
}

/// Hands a parsed command to the task that runs it; `main` does not touch it afterwards.
private struct CommandTransfer: @unchecked Sendable {
    let command: any AsyncParsableCommand
}
