import Checkpoint
import Foundation
import Logging
import ModelStore

/// Where a command finds its model: a checkpoint file, or the active version of a state directory.
public enum ModelLocation: Sendable, Equatable {
    /// A checkpoint file (`<id>.ckpt.lz4`), as `--model CKPT` names it; a GGUF file or an HF model directory there is
    /// read as `activetune import` reads it, without a state directory.
    case checkpointFile(String)
    /// The active model of a daemon state directory, as `--state DIR` names it.
    case stateDirectory(String)

    /// Loads and verifies the model; errors say what to do (e.g. run `activetune init`).
    public func load(logger: Logger) throws -> LanguageModel {
        switch self {
        case .checkpointFile(let path):
            if LanguageModel.isImportable(path) { return try LanguageModel(importing: path) }
            let checkpoint: Checkpoint
            do throws(CheckpointError) {
                checkpoint = try Checkpoint(safetensors: CheckpointFile.read(path: path), source: path)
            } catch {
                throw ModelStoreError(.unreadable, "could not read the checkpoint \(path): \(error.message)",
                                      hint: error.hint)
            }
            return try LanguageModel(checkpoint: checkpoint, source: path)
        case .stateDirectory(let path):
            let noModel = "run `activetune init --state \(path)` (or `activetune import`)"
            let store: CheckpointStore
            do {
                store = try StateDirectory(path, access: .readOnly).openCheckpoints(logger: logger)
            } catch let error as StateError {
                throw ModelStoreError(.noActiveModel, "no active model in \(path): \(error.message)", hint: noModel)
            }
            do {
                let (id, checkpoint) = try store.loadActive()
                logger.debug("loaded the active model", metadata: ["checkpoint.id": "\(id)", "state": "\(path)"])
                return try LanguageModel(checkpoint: checkpoint, source: store.path(of: id))
            } catch let error as CheckpointError where error.code == .noActiveModel {
                throw ModelStoreError(.noActiveModel, "no active model in \(path)", hint: noModel)
            } catch let error as CheckpointError {
                throw ModelStoreError(.unreadable, "could not load the active model of \(path): \(error.message)",
                                      hint: error.hint)
            }
        }
    }
}
