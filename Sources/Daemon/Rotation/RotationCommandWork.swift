import Checkpoint
import Foundation
import Logging
import ModelStore
import State
import Systemd

/// Runs `rotation.command` once for every model that becomes active: after a round rotates, after an operator's
/// rollback, and for the first model. It is how a server outside the daemon (vLLM, llama.cpp, Ollama) learns of the
/// new model, e.g. a script that reloads the server or runs `ollama create`.
///
/// The active model is exported to `STATE/exports/<id>/` as an HF directory (`model/`) and a GGUF file
/// (`model.gguf`; Llama family only, else the argument is ""), and the command runs with those two paths appended
/// (also in `ACTIVETUNE_MODEL_ID`, `ACTIVETUNE_MODEL_HF`, `ACTIVETUNE_MODEL_GGUF`). The outcome is a
/// `rotation_command` journal entry and is recorded with the model id, so a daemon restarted before the command ran
/// runs it then, and a model is never handed over twice. A failure does not undo the rotation and is not retried
/// until the active model changes again: the command's last lines are in the journal, to run it by hand.
/// Earlier exports are removed once the command has run.
public struct RotationCommandWork: ModelWork {
    public let name = "rotation command"
    private let models: ModelCache

    /// The settings that record the last model the command ran for and how it ended (`status` shows them).
    public static let modelSetting = "rotation_command_model"
    public static let outcomeSetting = "rotation_command_outcome"

    /// The hook, sharing the active model with scoring and rounds through `models`.
    public init(models: ModelCache) { self.models = models }

    public func step(_ context: WorkContext) async throws -> WorkOutcome {
        let command = context.configuration.rotationCommand
        guard !command.isEmpty, let (id, model) = try models.active(in: context.checkpoints),
              try context.state.setting(Self.modelSetting) != id.description else { return .idle }
        let started = Date()
        context.progress("exporting model \(id) for the rotation command")
        let handover = ModelHandover(command: command, timeout: context.configuration.rotationCommandTimeout)
        // Stopping throws CancellationError: the command runs again for this model at the next start.
        let result = try handover.run(
            model, id: id.description, folder: context.stateDirectory.exportFolder(id), logger: context.logger,
            isCancelled: { Task.isCancelled },
            output: { context.logger.info("rotation command output", metadata: ["model": "\(id)", "line": "\($0)"]) },
            tick: { context.progress("rotation command for model \(id)") })
        let outcome = result.outcome
        try context.state.setSetting(Self.modelSetting, id.description)
        try context.state.setSetting(Self.outcomeSetting, outcome)
        ModelHandover.removeFolders(in: context.stateDirectory.exportsFolder, except: id.description, logger: context.logger)
        var metadata: Logger.Metadata = [
            "model": "\(id)", "outcome": "\(outcome)", "seconds": "\(String(format: "%.2f", Date().timeIntervalSince(started)))",
        ]
        if !result.succeeded { metadata["last_output"] = "\(result.lastLines.suffix(5).joined(separator: " | "))" }
        context.logger.log(event: .rotationCommand, outcome == "ok" ? "rotation command done" : "rotation command failed",
                           level: outcome == "ok" ? nil : .warning, metadata: metadata)
        return .worked
    }
}
