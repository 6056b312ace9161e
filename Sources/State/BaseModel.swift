import Checkpoint
import Foundation
import ModelStore

/// The model every `from-base` round starts from: the daemon's first model (created by `init`, imported, or made at
/// first start), kept as a hard link to its checkpoint file, so checkpoint retention never removes it.
/// `StateDirectory.base` says where.
public struct BaseModel: Sendable {
    /// The base model's file.
    public let url: URL

    /// Makes `id` of `store` the base unless a base exists already.
    public func adopt(_ id: CheckpointID, in store: CheckpointStore) throws {
        guard !FileManager.default.fileExists(atPath: url.path) else { return }
        try FileManager.default.linkItem(at: URL(fileURLWithPath: store.path(of: id)), to: url)
    }

    /// Loads and verifies the base model.
    public func load() throws -> LanguageModel {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw StateError(.baseModelMissing, "the base model \(url.path) is gone",
                             hint: "restore it from a backup, or set training.mode = \"continue\" to train from the "
                                 + "active model")
        }
        let file = try CheckpointFile.read(path: url.path)
        return try LanguageModel(checkpoint: Checkpoint(safetensors: file, source: url.path), source: url.path)
    }
}
