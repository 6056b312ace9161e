@testable import Checkpoint
import Foundation
import Logging
import Safetensors
import State
import Testing

/// A fresh state directory with a store, plus helpers to make small checkpoints and run tools.
struct Fixture {
    let state: String
    let log = LogRecorder()
    let store: CheckpointStore

    init(keepLast: Int = 5, storage: TensorStorage = .float32) throws {
        state = FileManager.default.temporaryDirectory.appendingPathComponent("ckpt-\(UUID())").path
        store = try StateDirectory(state, access: .readWrite).openCheckpoints(keepLast: keepLast, storage: storage,
                                                                              logger: log.logger)
    }

    /// Removes the state directory.
    func cleanUp() { try? FileManager.default.removeItem(atPath: state) }

    /// The path of a version file.
    func file(_ id: CheckpointID) -> String { store.path(of: id) }

    /// A small checkpoint whose weights are normal(0, 0.02)-like and differ per round.
    static func checkpoint(round: Int, floats: Int = 4096) throws -> Checkpoint {
        var state = UInt64(round) &* 0x9E37_79B9_7F4A_7C15 | 1
        let weights = (0..<floats).map { _ -> Float in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Float(Int64(bitPattern: state) >> 40) * 0x1p-23 * 0.02
        }
        return Checkpoint(
            tensors: [try TensorEntry(name: "h.0.mlp.c_fc.weight", shape: [floats / 64, 64], floats: weights),
                      try TensorEntry(name: "ln_f.bias", floats: [Float](repeating: 0, count: 8))],
            config: #"{"n_layer":1,"n_embd":64}"#, tokenizer: #"{"vocab":{"a":0}}"#,
            provenance: Provenance(round: round, strategy: "prompt-uncertainty",
                                   tasks: [.init(task: "task\(round)", score: 0.5)], evaluation: ["rougeL": 0.25],
                                   parent: round > 1 ? "round-\(round - 1)" : nil,
                                   created: Date(timeIntervalSince1970: 1_700_000_000 + Double(round)),
                                   programVersion: "0.1.0"),
            metadata: ["note": "fixture"])
    }

    /// Names of leftover temporary files in the store.
    func temporaryFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: store.path).filter { $0.hasPrefix(".tmp-") }
    }
}

/// A swift-log handler that keeps messages so tests can check what was logged.
final class LogRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [(level: Logger.Level, message: String, metadata: Logger.Metadata)] = []

    var logger: Logger {
        Logger(label: "test") { _ in Handler(recorder: self) }
    }

    var messages: [String] { lock.withLock { lines.map(\.message) } }

    func metadata(for message: String) -> Logger.Metadata? {
        lock.withLock { lines.last { $0.message == message }?.metadata }
    }

    fileprivate func append(_ level: Logger.Level, _ message: String, _ metadata: Logger.Metadata) {
        lock.withLock { lines.append((level, message, metadata)) }
    }

    struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            recorder.append(event.level, "\(event.message)", event.metadata ?? [:])
        }
    }
}
