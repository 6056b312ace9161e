import Checkpoint
import Foundation
import Logging
import Safetensors
import State
import Testing

/// The state directory's layout and access rules: read-only access creates nothing; read-write access makes the
/// documented files; the active model's id is read from its link without opening the store.
@Suite struct StateDirectoryTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("statedir-\(UUID().uuidString)")

    @Test func readOnlyAccessNeverCreatesAnything() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let missing = try #require(throws: StateError.self) { try StateDirectory(root.path, access: .readOnly) }
        #expect(missing.code == .notFound)
        #expect(missing.hint.contains("--state"))
        #expect(!FileManager.default.fileExists(atPath: root.path))

        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let state = try StateDirectory(root.path, access: .readOnly)
        #expect(!state.hasDatabase && !state.hasCheckpoints && state.activeModelID == nil)
        #expect(throws: StateError.self) { try state.openDatabase() }
        let noVersions = try #require(throws: StateError.self) { try state.openCheckpoints(logger: Logger(label: "test")) }
        #expect(noVersions.code == .noCheckpoints)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
    }

    @Test func readWriteAccessMakesTheDocumentedLayout() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let state = try StateDirectory(root.appendingPathComponent("nested").path, access: .readWrite)
        _ = try state.openDatabase()
        let store = try state.openCheckpoints(keepLast: 1, logger: Logger(label: "test"))
        let checkpoint = Checkpoint(tensors: [try TensorEntry(name: "w", floats: [1, 2, 3, 4])], config: "{}",
                                    tokenizer: "", provenance: Provenance(round: 0, strategy: "test", programVersion: "0"))
        let first = try store.commit(checkpoint).id
        try state.base.adopt(first, in: store)
        let second = try store.commit(checkpoint).id

        #expect(state.hasDatabase && state.hasCheckpoints)
        #expect(state.activeModelID == second)
        #expect(store.path(of: second) == state.path + "/checkpoints/" + second.fileName)
        #expect(state.base.url.path == state.path + "/base.ckpt.lz4")
        #expect(state.defaultMetricsURL.lastPathComponent == "metrics.prom")
        #expect(state.reloadAcknowledgementURL.lastPathComponent == "reload-ack.json")
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: state.path))
        #expect(names.isSuperset(of: ["state.sqlite", "checkpoints", "base.ckpt.lz4"]))
        // The base is a hard link to the first version, so it stays when retention could prune that version.
        let inode = { (path: String) in try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int }
        #expect(try inode(state.base.url.path) == inode(store.path(of: first)))
        #expect(try Checkpoint(safetensors: CheckpointFile.read(path: state.base.url.path), source: "base").provenance.round == 0)

        // A second handle, read-only, sees the same active model and opens the database without writing.
        let reader = try StateDirectory(state.path, access: .readOnly)
        #expect(reader.activeModelID == second)
        _ = try reader.openDatabase()
    }
}
