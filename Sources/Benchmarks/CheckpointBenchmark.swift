import Checkpoint
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Logging
import Safetensors
import State

/// Checkpoint speed on a GPT-2-sized model: commit and load against a plain write of the same bytes.
public enum CheckpointBenchmark {
    /// GPT-2 124M in float32: 124,439,808 parameters × 4 bytes.
    public static let gpt2Bytes = 124_439_808 * 4

    /// Throughputs in uncompressed bytes per second, plus the compression measured on the same data.
    public struct Result: Codable, Sendable {
        /// Uncompressed model size in bytes.
        public var bytes: Int
        /// Size of the committed checkpoint file.
        public var compressedBytes: Int
        /// Commit: serialise + LZ4 + write + fsync + rename + directory fsync.
        public var commitBytesPerSecond: Double
        /// Load of a file evicted from the page cache: read + verify checksums + decompress + parse.
        public var loadBytesPerSecond: Double
        /// Plain sequential write of the uncompressed safetensors bytes + fsync, in the same run.
        public var fsyncWriteBytesPerSecond: Double
        /// Commit throughput over plain-write throughput (target ≥ 0.7).
        public var commitToWrite: Double
        /// Compression ratios of the options considered, on the same weights.
        public var compression: CompressionRatios

        private enum CodingKeys: String, CodingKey {
            case bytes
            case compressedBytes = "compressed_bytes"
            case commitBytesPerSecond = "commit_bytes_per_s"
            case loadBytesPerSecond = "load_bytes_per_s"
            case fsyncWriteBytesPerSecond = "fsync_write_bytes_per_s"
            case commitToWrite = "commit_to_write"
            case compression
        }
    }

    /// Runs in a fresh subdirectory of `directory` (removed afterwards) on normal(0, 0.02) weights,
    /// like GPT-2's initialisation.
    public static func run(directory: String, bytes: Int = gpt2Bytes, logger: Logger) throws -> Result {
        let state = directory + "/checkpoint-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let store = try StateDirectory(state, access: .readWrite).openCheckpoints(keepLast: 1, logger: logger)
        let tensors = try GaussianWeights.tensors(bytes: bytes, standardDeviation: 0.02)
        let checkpoint = Checkpoint(tensors: tensors, config: "{}", tokenizer: "",
                                    provenance: Provenance(round: 0, strategy: "benchmark", programVersion: "benchmark"))
        let size = tensors.reduce(0) { $0 + $1.data.count }
        // Plain writes and commits alternate, best of two each: the machine is shared and noisy, and
        // neither side should profit from running first or last.
        let plainPath = state + "/plain.safetensors"
        var plainSeconds = Double.infinity, commitSeconds = Double.infinity
        var id = CheckpointID(sequence: 0, hash: 0)
        for _ in 0..<2 {
            plainSeconds = min(plainSeconds, try timed { () throws(CheckpointError) in
                try writePlain(checkpoint, to: plainPath)
            }.seconds)
            unlink(plainPath)
            let commit = try timed { () throws(CheckpointError) in try store.commit(checkpoint) }
            commitSeconds = min(commitSeconds, commit.seconds)
            id = commit.value.id
        }
        evictFromPageCache(store.path(of: id))
        let (_, loadSeconds) = try timed { () throws(CheckpointError) in try store.load(id) }

        let result = Result(bytes: size, compressedBytes: store.bytes(of: id) ?? 0,
                            commitBytesPerSecond: Double(size) / commitSeconds,
                            loadBytesPerSecond: Double(size) / loadSeconds,
                            fsyncWriteBytesPerSecond: Double(size) / plainSeconds,
                            commitToWrite: plainSeconds / commitSeconds,
                            compression: try CompressionRatios.measure(tensors))
        logger.info("checkpoint benchmark", metadata: [
            "bench.bytes": "\(size)", "bench.commit_bytes_per_s": "\(result.commitBytesPerSecond)",
            "bench.load_bytes_per_s": "\(result.loadBytesPerSecond)",
            "bench.fsync_write_bytes_per_s": "\(result.fsyncWriteBytesPerSecond)",
        ])
        return result
    }

    private static func writePlain(_ checkpoint: Checkpoint, to path: String) throws(CheckpointError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CheckpointError.system("create", path) }
        defer { close(descriptor) }
        do {
            try checkpoint.safetensors().write(toFileDescriptor: descriptor)
        } catch {
            throw CheckpointError(.io, "\(error)", hint: "check free space in the benchmark directory")
        }
        guard fsync(descriptor) == 0 else { throw CheckpointError.system("fsync", path) }
    }

    /// The file was fsynced, so its pages are clean and the kernel can drop them: the load then reads the disk.
    private static func evictFromPageCache(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED)
        close(descriptor)
    }

    /// Runs `body` and returns its result with the elapsed wall-clock seconds.
    private static func timed<T>(_ body: () throws(CheckpointError) -> T) throws(CheckpointError)
        -> (value: T, seconds: Double) {
        let start = ContinuousClock.now
        let value = try body()
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        return (value, max(Double(seconds) + Double(attoseconds) * 1e-18, 1e-9))
    }
}
