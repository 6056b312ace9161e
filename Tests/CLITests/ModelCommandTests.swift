import Daemon
import Foundation
import State
import Testing

/// `activetune init`, `export` and `import` through the real binary.
@Suite struct ModelCommandTests {
    static func temporary(_ label: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(label)-\(UUID())").path
    }

    /// A tiny shape with the embedded vocabulary, so the round trip stays fast.
    static let tinyConfig = #"{"vocab_size": 8192, "n_positions": 32, "n_layer": 1, "n_head": 2, "n_embd": 16}"#

    @Test func initExportImportRoundTripKeepsEveryTensor() throws {
        let root = try TaskFileLocations.temporaryDirectory(with: ["config.json": Self.tinyConfig])
        defer { try? FileManager.default.removeItem(at: root) }
        let state = root.appendingPathComponent("state").path, second = root.appendingPathComponent("state2").path
        let out = root.appendingPathComponent("hf").path, again = root.appendingPathComponent("hf2").path
        let config = root.appendingPathComponent("config.json").path

        let created = try ActiveTuneBinary.run(["init", "--state", state, "--config", config, "--seed", "5"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("active model: 000001-"))
        let refused = try ActiveTuneBinary.run(["init", "--state", state, "--config", config])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("already has an active model"))
        #expect(refused.stderr.contains("--force"))

        let exported = try ActiveTuneBinary.run(["export", "--state", state, "--out", out])
        #expect(exported.status == 0, "\(exported.stderr)")
        let imported = try ActiveTuneBinary.run(["import", "--from", out, "--state", second])
        #expect(imported.status == 0, "\(imported.stderr)")
        let checkpoints = second + "/checkpoints"
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: checkpoints).first { $0.hasSuffix(".ckpt.lz4") })
        let reexported = try ActiveTuneBinary.run(["export", "--model", checkpoints + "/" + file, "--out", again])
        #expect(reexported.status == 0, "\(reexported.stderr)")
        for name in ["model.safetensors", "config.json", "vocab.json", "merges.txt"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: out + "/" + name))
            let b = try Data(contentsOf: URL(fileURLWithPath: again + "/" + name))
            #expect(a == b, "\(name) differs after init → export → import → export")
        }

        let forced = try ActiveTuneBinary.run(["init", "--state", state, "--config", config, "--seed", "6", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("active model: 000002-"))
    }

    /// `import` and `init` keep `checkpoints.keep` versions besides active and previous, as the daemon does: the
    /// configuration its daemon recorded in the state, else the file and environment (here ACTIVETUNE_CHECKPOINTS_KEEP).
    @Test func importAndInitKeepWhatTheConfigurationSays() throws {
        let root = try TaskFileLocations.temporaryDirectory(with: ["config.json": Self.tinyConfig])
        defer { try? FileManager.default.removeItem(at: root) }
        let state = root.appendingPathComponent("state").path, config = root.appendingPathComponent("config.json").path
        for seed in 1...5 {
            let created = try ActiveTuneBinary.run(["init", "--state", state, "--config", config, "--seed", "\(seed)", "--force"],
                                                   environment: ["ACTIVETUNE_CHECKPOINTS_KEEP": "1"])
            #expect(created.status == 0, "\(created.stderr)")
        }
        let versions = try FileManager.default.contentsOfDirectory(atPath: state + "/checkpoints").filter { $0.hasSuffix(".ckpt.lz4") }
        #expect(versions.sorted().map { String($0.prefix(6)) } == ["000003", "000004", "000005"], "\(versions)")

        var recorded = DaemonConfiguration()
        recorded.keepCheckpoints = 2
        try StateDirectory(state, access: .readWrite).openDatabase().recordConfiguration(recorded)
        let out = root.appendingPathComponent("hf").path
        #expect(try ActiveTuneBinary.run(["export", "--state", state, "--out", out]).status == 0)
        for _ in 1...3 {
            let imported = try ActiveTuneBinary.run(["import", "--from", out, "--state", state],
                                                    environment: ["ACTIVETUNE_CHECKPOINTS_KEEP": "1"])
            #expect(imported.status == 0, "\(imported.stderr)")
        }
        // The daemon's recorded 2 wins over the environment's 1: 2 besides active (8) and previous (7).
        let after = try FileManager.default.contentsOfDirectory(atPath: state + "/checkpoints").filter { $0.hasSuffix(".ckpt.lz4") }
        #expect(after.sorted().map { String($0.prefix(6)) } == ["000005", "000006", "000007", "000008"], "\(after)")
    }

    @Test func missingModelsSayWhatToDo() throws {
        let state = Self.temporary("nostate")
        let export = try ActiveTuneBinary.run(["export", "--state", state, "--out", Self.temporary("out")])
        #expect(export.status != 0)
        #expect(export.stderr.contains("no active model in \(state)"))
        #expect(export.stderr.contains("HINT: run `activetune init --state \(state)`"))
        let neither = try ActiveTuneBinary.run(["export", "--out", Self.temporary("out")])
        #expect(neither.status != 0)
        #expect(neither.stderr.contains("--model CKPT or --state DIR"))
        let badImport = try ActiveTuneBinary.run(["import", "--from", "/nonexistent/model", "--state", state])
        #expect(badImport.status != 0)
        #expect(badImport.stderr.contains("/nonexistent/model does not exist"))
        #expect(badImport.stderr.contains("HINT: pass an HF model directory or a .gguf file"))
    }
}
