import ArgumentParser
import Benchmarks
import Checkpoint
import Foundation
import Logging

/// `activetune bench --checkpoint`: commit and load throughput of a GPT-2 124M-sized checkpoint, next to a plain
/// sequential write + fsync of the same bytes in the same run.
struct CheckpointBenchOptions: ParsableArguments {
    @Flag(help: "Also time committing and loading a GPT-2 124M-sized checkpoint (about 500 MB on disk).")
    var checkpoint = false

    @Option(help: ArgumentHelp("Scratch directory for --checkpoint (on the disk to measure; removed after).",
                               valueName: "DIR"))
    var scratch = FileManager.default.temporaryDirectory.path

    /// Runs the section when asked for; nil otherwise.
    func run() throws -> CheckpointBenchmark.Result? {
        guard checkpoint else { return nil }
        let directory = URL(fileURLWithPath: scratch).appendingPathComponent("activetune-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try CheckpointBenchmark.run(directory: directory.path, logger: Logger(label: "activetune.bench"))
    }

    /// One line for the table output.
    static func row(_ r: CheckpointBenchmark.Result) -> String {
        func mb(_ x: Double) -> String { String(Int(x / 1e6)) }
        return "checkpoint (\(r.bytes / 1_000_000) MB): commit \(mb(r.commitBytesPerSecond)) MB/s, "
            + "load \(mb(r.loadBytesPerSecond)) MB/s, plain write+fsync \(mb(r.fsyncWriteBytesPerSecond)) MB/s "
            + "(commit/write \(String(format: "%.2f", r.commitToWrite)))"
    }
}
