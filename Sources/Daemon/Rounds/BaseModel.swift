import Checkpoint
import Foundation
import ModelStore

/// The model every `from-base` round starts from: the daemon's first model (created by `init`, imported, or made at
/// first start), kept as `STATE/base.ckpt.lz4`, a hard link to its checkpoint file, so checkpoint retention never
/// removes it.
struct BaseModel {
    let stateDirectory: URL

    var url: URL { stateDirectory.appendingPathComponent("base.ckpt.lz4") }

    /// Makes `id` of `store` the base unless a base exists already.
    func adopt(_ id: CheckpointID, in store: CheckpointStore) throws {
        guard !FileManager.default.fileExists(atPath: url.path) else { return }
        let source = URL(fileURLWithPath: store.path).appendingPathComponent(id.fileName)
        try FileManager.default.linkItem(at: source, to: url)
    }

    /// Loads and verifies the base model.
    func load() throws -> LanguageModel {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DaemonError(.baseModelMissing, "loading the base model", underlying: CocoaError(.fileNoSuchFile,
                userInfo: [NSFilePathErrorKey: url.path]))
        }
        let file = try CheckpointFile.read(path: url.path)
        return try LanguageModel(checkpoint: Checkpoint(safetensors: file, source: url.path), source: url.path)
    }
}
