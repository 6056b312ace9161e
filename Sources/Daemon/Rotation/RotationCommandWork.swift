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
        let outcome: String
        var lastLines: [String] = []
        do {
            context.progress("exporting model \(id) for the rotation command")
            let (directory, gguf) = try export(model, id: id, context)
            let arguments = command + [directory.path, gguf?.path ?? ""]
            context.logger.info("running the rotation command", metadata: [
                "model": "\(id)", "command": "\(arguments.joined(separator: " "))",
            ])
            let process = ExternalCommand(
                arguments: arguments, environment: [
                    "ACTIVETUNE_MODEL_ID": id.description, "ACTIVETUNE_MODEL_HF": directory.path,
                    "ACTIVETUNE_MODEL_GGUF": gguf?.path ?? "",
                ], key: "rotation.command", failure: .rotationCommandFailed)
            let ended = try process.run(
                timeout: .seconds(context.configuration.rotationCommandTimeout), isCancelled: { Task.isCancelled },
                started: { _ in },
                line: { text, _ in
                    lastLines = Array((lastLines + [text]).suffix(20))
                    context.logger.info("rotation command output", metadata: ["model": "\(id)", "line": "\(text)"])
                },
                tick: { context.progress("rotation command for model \(id)") })
            switch ended {
            // Stopping: the command runs again for this model at the next start.
            case .cancelled: throw CancellationError()
            case .exited(0): outcome = "ok"
            case .exited(let status): outcome = "exited with status \(status)"
            case .signalled(let signal): outcome = "killed by signal \(signal)"
            case .timedOut: outcome = "killed after rotation.command_timeout (\(context.configuration.rotationCommandTimeout) s)"
            }
        } catch let error as CancellationError {
            throw error
        } catch {
            // A command that cannot start, or an export that cannot be written: an outcome like a failed exit.
            outcome = "\(error)"
        }
        try context.state.setSetting(Self.modelSetting, id.description)
        try context.state.setSetting(Self.outcomeSetting, outcome)
        removeExports(except: id, context)
        var metadata: Logger.Metadata = [
            "model": "\(id)", "outcome": "\(outcome)", "seconds": "\(String(format: "%.2f", Date().timeIntervalSince(started)))",
        ]
        if outcome != "ok" { metadata["last_output"] = "\(lastLines.suffix(5).joined(separator: " | "))" }
        context.logger.log(event: .rotationCommand, outcome == "ok" ? "rotation command done" : "rotation command failed",
                           level: outcome == "ok" ? nil : .warning, metadata: metadata)
        return .worked
    }

    /// Writes `model` as an HF directory and, for the Llama family, a GGUF file into its export folder.
    private func export(_ model: LanguageModel, id: CheckpointID, _ context: WorkContext) throws -> (URL, URL?) {
        let folder = context.stateDirectory.exportFolder(id)
        // A folder left by an interrupted export may be incomplete: write it again.
        if FileManager.default.fileExists(atPath: folder.path) { try FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let directory = folder.appendingPathComponent("model")
        try model.write(huggingFaceDirectory: directory)
        guard model.transformer.config.family == .llama else {
            context.logger.notice("the model is not of the Llama family: no GGUF file; the command gets \"\" for it",
                                  metadata: ["model": "\(id)"])
            return (directory, nil)
        }
        let gguf = folder.appendingPathComponent("model.gguf")
        try model.write(gguf: gguf.path)
        return (directory, gguf)
    }

    /// Removes the exports of models that are no longer active (the command has loaded the new one).
    private func removeExports(except id: CheckpointID, _ context: WorkContext) {
        let parent = context.stateDirectory.exportsFolder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for name in names where name != id.description {
            do { try FileManager.default.removeItem(at: parent.appendingPathComponent(name)) } catch {
                context.logger.warning("could not remove an old export", metadata: ["folder": "\(name)", "error": "\(error)"])
            }
        }
    }
}
