import ArgumentParser

/// The `activetune` command: the daemon and every operator tool, as subcommands.
@main
struct ActiveTune: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activetune",
        abstract: "Keep a language model improving in the background by active instruction tuning.",
        version: ActiveTuneVersion.string,
        subcommands: [
            ValidateCommand.self,
            PromptCommand.self,
            SubmitCommand.self,
            CheckpointsCommand.self,
            RollbackCommand.self,
            TokenizerCommand.self,
            BenchCommand.self,
            TaskmapCommand.self,
            DaemonCommand.self,
            StatusCommand.self,
            ScoresCommand.self,
            ConfigCommand.self,
            InitCommand.self,
            ImportCommand.self,
            ExportCommand.self,
            ScoreCommand.self,
            EvalCommand.self,
            ExperimentCommand.self,
        ]
    )
}
