// swift-tools-version:6.0
// activetune: a systemd daemon that keeps a language model improving by active instruction tuning.
//
// Layers (dependencies point downward only; pure code below, I/O above):
//   activetune (CLI) → Daemon → State, Spool, Systemd, InferenceServer, Selection, Evaluation → ModelStore, Checkpoint → Model → GGUF, Safetensors, Tasks
//   activetune bench → Benchmarks → State, InferenceServer, Checkpoint, Model, Selection (internals shared with `package` access)
import PackageDescription

/// Settings every Swift target shares: Swift 6 language mode with strict concurrency (the default in 6).
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// Numeric kernels: bounds checks stay on in debug, and release builds drop exclusivity checks,
/// which otherwise cost a runtime call per access to the flat parameter buffers.
let numeric: [SwiftSetting] = strict + [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "activetune",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "activetune", targets: ["activetune"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // C libraries from Debian, found through pkg-config.
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        // bf16 matrix products on oneDNN (Debian's libdnnl-dev, which ships no pkg-config file): a cached-primitive
        // shim with a cblas-like call. Optimised even in debug builds: it converts whole activations per call.
        .target(name: "COneDNN", cSettings: [.unsafeFlags(["-O2"])], linkerSettings: [.linkedLibrary("dnnl")]),

        // Pure layers.
        // The shape every activetune error shares, and its one description format.
        .target(name: "Diagnostics", swiftSettings: strict),
        // Task files: NIV2 / Self-Instruct decoding and validation, prompts, perturbation, content hashes.
        .target(name: "Tasks", dependencies: ["Diagnostics", .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: strict),
        // The safetensors container format, dependency-free.
        .target(name: "Safetensors", dependencies: ["Diagnostics"], swiftSettings: strict),
        // GGUF files (llama.cpp, Ollama): metadata, tensor layout, dequantization to Float32, a streaming writer; dependency-free.
        .target(name: "GGUF", dependencies: ["Diagnostics"], swiftSettings: numeric),
        // The transformer engine on OpenBLAS (fp32) and oneDNN (bf16), GPT-2 and Llama families (HF and GGUF weights): forward/backward/AdamW,
        // scoring with prefix reuse, greedy decoding; byte-level BPE tokenizers.
        .target(name: "Model", dependencies: [
            "COpenBLAS", "COneDNN", "Diagnostics", "GGUF", "Safetensors", "Tasks",
            .product(name: "Logging", package: "swift-log"),
        ], resources: [.copy("Resources/tokenizer")], swiftSettings: numeric),

        // Prompt uncertainty, baselines, selection strategies and the task map.
        .target(name: "Selection", dependencies: [
            "Diagnostics", "Model", "Tasks", .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: numeric),
        // ROUGE-L and exact match as NIV2 computes them; micro/macro reports; the evaluation runner over a model.
        .target(name: "Evaluation", dependencies: ["Diagnostics", "Model", "Tasks"], swiftSettings: numeric),

        // I/O layers.
        // The checkpoint file: LZ4-framed safetensors with checksums, provenance and version ids.
        .target(name: "Checkpoint", dependencies: [
            "CLZ4", "Diagnostics", "Safetensors", .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        // The maildir-like spool: inotify, claim by rename, quarantine with reasons.
        .target(name: "Spool", dependencies: ["Diagnostics", .product(name: "Logging", package: "swift-log")],
                swiftSettings: strict),
        // sd_notify, the watchdog, the journal log handler and the event catalogue.
        .target(name: "Systemd", dependencies: ["CSystemd", "Diagnostics", .product(name: "Logging", package: "swift-log")],
                swiftSettings: strict),
        // A model with its tokenizer: checkpoints, HF directories, the active model of a state directory.
        .target(name: "ModelStore", dependencies: [
            "GGUF",
            "Diagnostics", "Model", "Checkpoint", "Safetensors", "Tasks", .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        // The state directory and the one owner of its layout: the SQLite store (tasks, scores, rounds), the model
        // versions with the active pointer, rotation, retention and recovery, the base model.
        .target(name: "State", dependencies: [
            "Checkpoint", "Diagnostics", "ModelStore", "Safetensors", "Tasks",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        // Prompt-uncertainty scoring on an OpenAI-compatible completions server (vLLM, SGLang, llama.cpp), over HTTP.
        .target(name: "InferenceServer", dependencies: [
            "Diagnostics", "Model", "Selection", "Tasks",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        // The paper's active-learning experiment: strategies × rounds × seeds, resumable.
        .target(name: "Experiment", dependencies: [
            "Diagnostics", "Evaluation", "Selection", "ModelStore", "Model", "InferenceServer", "Tasks",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: numeric),
        // What `activetune bench` measures, kept out of the libraries the daemon runs.
        .target(name: "Benchmarks", dependencies: [
            "Checkpoint", "CLZ4", "InferenceServer", "Model", "Selection", "Safetensors", "State", "Tasks", .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: numeric),
        // The daemon: configuration, state store, services, rounds.
        .target(name: "Daemon", dependencies: [
            "Diagnostics", "Tasks", "Model", "ModelStore", "Selection", "Evaluation", "Checkpoint", "InferenceServer", "Spool",
            "State", "Systemd",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "TOMLKit", package: "TOMLKit"),
        ], swiftSettings: strict),

        .executableTarget(name: "activetune", dependencies: [
            "Daemon", "Tasks", "Model", "Checkpoint", "InferenceServer", "ModelStore", "Spool", "State", "Systemd", "Selection",
            "Evaluation", "Benchmarks",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            "Experiment",
        ], swiftSettings: strict),

        // Tests, one target per module.
        .testTarget(name: "TasksTests", dependencies: ["Tasks"], exclude: ["Reference"], swiftSettings: strict),
        .testTarget(name: "GGUFTests", dependencies: ["GGUF", "TestSupport"], exclude: ["Reference"], swiftSettings: numeric),
        .testTarget(name: "SafetensorsTests", dependencies: ["Safetensors", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "ModelTests", dependencies: ["Model", "GGUF", "Tasks", "TestSupport"], exclude: ["Reference", "Llama/Reference"], swiftSettings: numeric),
        // A child process the checkpoint crash tests kill with SIGKILL.
        .executableTarget(name: "CheckpointCrashChild", dependencies: [
            "Checkpoint", "State", "Benchmarks", "TestSupport", "Safetensors", .product(name: "Logging", package: "swift-log"),
        ], path: "Tests/Support/CheckpointCrashChild", swiftSettings: strict),
        .testTarget(name: "CheckpointTests", dependencies: ["Checkpoint", "State", "Benchmarks", "CheckpointCrashChild", "TestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "StateTests", dependencies: [
            "State", "Checkpoint", "Safetensors", "Tasks", .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        .testTarget(name: "SelectionTests", dependencies: ["Selection", "Tasks", "Model", "TestSupport"], exclude: ["Scoring/Reference"],
                    swiftSettings: strict),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "Model", "Tasks"], exclude: ["Reference"],
                    swiftSettings: numeric),
        .testTarget(name: "ExperimentTests", dependencies: [
            "Experiment", "Evaluation", "Selection", "ModelStore", "Model", "Tasks",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: numeric),
        .testTarget(name: "ModelStoreTests", dependencies: ["ModelStore", "Model", "Checkpoint", "GGUF", "State", "TestSupport"], exclude: ["Reference"],
                    swiftSettings: strict),
        .testTarget(name: "SpoolTests", dependencies: ["Spool", "TestSupport"], swiftSettings: strict),
        // Shared by the tests: a standalone systemd-journald, external tools (lz4), the pinned reference Python, and
        // children that end with the test process.
        .target(name: "TestSupport", path: "Tests/Support/TestSupport", swiftSettings: strict),
        .testTarget(name: "SystemdTests", dependencies: ["Systemd", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "DaemonTests", dependencies: [
            "Daemon", "Checkpoint", "InferenceServer", "Spool", "State", "Systemd", "Tasks",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], swiftSettings: strict),
        // Drives the real `activetune` binary as a subprocess.
        .testTarget(name: "CLITests", dependencies: ["activetune", "Daemon", "State", "Tasks", "TestSupport"], exclude: ["Reference"],
                    swiftSettings: strict),
    ]
)
