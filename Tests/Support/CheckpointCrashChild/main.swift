// A test helper process for CheckpointTests: it commits, rotates and rolls back checkpoints so the
// tests can kill it (SIGKILL) at random moments, or limit its file size to simulate a full disk.
//
//   CheckpointCrashChild loop STATE FLOATS          commit and rotate until killed
//   CheckpointCrashChild disk-full STATE FLOATS LIMIT   one commit under RLIMIT_FSIZE = LIMIT bytes
//   CheckpointCrashChild seed STATE FLOATS COUNT     COUNT commits, then exit (for CLI tests)
//   CheckpointCrashChild hold-lock STATE MILLIS      flock the store's .lock, touch STATE/locked, hold, exit
//   CheckpointCrashChild bench DIR FLOATS            CheckpointBenchmark on FLOATS×4 bytes, JSON on stdout
//   CheckpointCrashChild spawn-sleeper FILE 0        start `sleep` as tests start children, its pid into FILE, wait
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Benchmarks
import Checkpoint
import Foundation
import Logging
import Safetensors
import State
import TestSupport

func checkpoint(round: Int, floats: Int) throws -> Checkpoint {
    var generator = SystemRandomNumberGenerator()
    let weights = (0..<floats).map { _ in Float.random(in: -0.05...0.05, using: &generator) }
    return Checkpoint(tensors: [try TensorEntry(name: "wte.weight", floats: weights),
                                try TensorEntry(name: "ln_f.bias", floats: [Float](repeating: 0, count: 16))],
                      config: #"{"n_layer":1}"#, tokenizer: "test-tokenizer",
                      provenance: Provenance(round: round, strategy: "random", programVersion: "test"))
}

let arguments = CommandLine.arguments
guard arguments.count >= 4, let floats = Int(arguments[3]) else {
    Stderr.print("usage: CheckpointCrashChild loop|disk-full|seed STATE FLOATS [N]\n")
    exit(2)
}
var logger = Logger(label: "activetune.crash-child")
logger.logLevel = .warning
do {
    // The benchmark makes its own store in a subdirectory; the other modes share this one.
    let store = { () throws in
        try StateDirectory(arguments[2], access: .readWrite).openCheckpoints(keepLast: 3, logger: logger)
    }
    switch arguments[1] {
    case "loop":
        let loop = try store()
        for round in 1... {
            try loop.commit(checkpoint(round: round, floats: floats))
            if round % 4 == 0 { try loop.rollback() }
        }
    case "disk-full":
        var limit = rlimit(rlim_cur: rlim_t(arguments[4])!, rlim_max: rlim_t(arguments[4])!)
        setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &limit)
        // Without this the kernel kills us with SIGXFSZ; ignored, write(2) fails with EFBIG instead.
        signal(SIGXFSZ, SIG_IGN)
        try store().commit(checkpoint(round: 99, floats: floats))
    case "hold-lock":
        // Deliberately the raw flock(2) an independent process would use, not the store's own code.
        let descriptor = open(arguments[2] + "/checkpoints/.lock", O_RDWR | O_CREAT, 0o644)
        guard descriptor >= 0, flock(descriptor, LOCK_EX) == 0 else { exit(4) }
        close(open(arguments[2] + "/locked", O_WRONLY | O_CREAT, 0o644))
        usleep(UInt32(floats) * 1000)
    case "bench":
        let result = try CheckpointBenchmark.run(directory: arguments[2], bytes: floats * 4, logger: logger)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    case "spawn-sleeper":
        // The test kills this process and checks that the sleeper, started the way tests start their children,
        // died with it.
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["600"]
        try ChildLifetime.run(sleeper)
        try "\(sleeper.processIdentifier)".write(toFile: arguments[2], atomically: true, encoding: .utf8)
        while true { pause() }
    case "seed":
        let seeded = try store()
        for round in 1...Int(arguments[4])! { try seeded.commit(checkpoint(round: round, floats: floats)) }
    default:
        Stderr.print("unknown mode \(arguments[1])\n")
        exit(2)
    }
} catch {
    Stderr.print("\(error)\n")
    exit(3)
}

enum Stderr {
    /// Writes to file descriptor 2 directly; `stderr` (a C global) is not concurrency-safe in Swift 6.
    static func print(_ text: String) {
        _ = text.withCString { Glibc.write(2, $0, strlen($0)) }
    }
}
