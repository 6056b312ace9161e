import Checkpoint
import Foundation
import Logging
import ModelStore
import State
import Synchronization

/// Keeps the active model in memory between work steps, reloading it only when the active checkpoint changes
/// (a round rotated, or an operator ran `activetune rollback`).
public final class ModelCache: Sendable {
    private let cached = Mutex<(id: CheckpointID, model: LanguageModel)?>(nil)

    /// An empty cache.
    public init() {}

    /// The active model of `store`, loaded (and verified) once per checkpoint id; nil when no model is active.
    public func active(in store: CheckpointStore) throws -> (id: CheckpointID, model: LanguageModel)? {
        guard let id = store.activeID else { return nil }
        if let hit = cached.withLock({ $0 }), hit.id == id { return hit }
        let model = try LanguageModel(checkpoint: store.load(id), source: "checkpoint \(id)")
        cached.withLock { $0 = (id, model) }
        return (id, model)
    }
}
