import Foundation
import TestSupport
import Testing

/// `scoring.backend = "openai"` against a real engine: llama-cpp-python's OpenAI-compatible server (built from source
/// by set-up) serving the GGUF export of SmolLM2 whose tokenizer puts a BOS first (`Reference/add_bos.py`).
///
/// - The server's scores agree with the built-in engine's on the same model and real NIV2 tasks: the same greedy
///   answers, and every mean NLL within `tolerance`.
/// - A server whose echoed log-probabilities are misaligned (llama-cpp-python on SmolLM2 itself, which puts no BOS
///   first) is refused with the reason, not trusted.
/// - The daemon scores on the server; killed mid-scoring, the server leaves the remaining tasks waiting (the reason in
///   `status`), and when it is back every task is scored: none is lost or failed.
/// - `experiment --config` scores each round's pool on the server, handed each cell's model by `rotation.command`, and
///   chooses the same tasks, with the same table, as the built-in engine.
@Suite(.serialized) struct ServerScoringTests {
    static let repository = ReferencePython.packageRoot
    static let smolLM2 = repository.appendingPathComponent(".cache/models/SmolLM2-135M-Instruct.Q4_1.gguf")
    static let examples = repository.appendingPathComponent("examples/tasks")

    /// Mean NLL agreement, nats per token. Not zero: both compute in F32 from the same weights (the server with an F32
    /// key/value cache), but llama.cpp sums in its own order with its own kernels, ours with OpenBLAS; the test prints
    /// the largest difference (2e-5 measured; with llama.cpp's default F16 cache it is ~4e-4).
    static let tolerance = 1e-4

    /// The scratch folder, the BOS model as an HF directory and its GGUF export, made once.
    struct Fixture: Sendable {
        let root: URL
        let model: URL
        let gguf: URL

        static let shared = Result<Fixture, any Error> { try Fixture() }

        private init() throws {
            // No #require here: a failure must fail every test that uses the fixture, not only the first.
            guard FileManager.default.fileExists(atPath: ServerScoringTests.smolLM2.path) else {
                throw FixtureFailure("missing \(ServerScoringTests.smolLM2.path). HINT: run ./scripts/setup.sh --test")
            }
            root = FileManager.default.temporaryDirectory.appendingPathComponent("server-scoring-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            ScratchSpace.removeAtExit(root)
            // SmolLM2's weights as an HF directory (our export, F32), its tokenizer told to put the BOS first by HF
            // `tokenizers`, then that model as the GGUF file the server loads.
            model = root.appendingPathComponent("smollm2-bos")
            let hf = try ActiveTuneBinary.run(["export", "--model", ServerScoringTests.smolLM2.path, "--format", "hf",
                                               "--out", model.path])
            guard hf.status == 0 else { throw FixtureFailure("export --format hf failed: \(hf.stderr)") }
            let script = ServerScoringTests.repository.appendingPathComponent("Tests/CLITests/Reference/add_bos.py")
            let made = try ReferencePython.run([script.path, model.path], importing: ["tokenizers", "transformers"])
            guard made.status == 0 else { throw FixtureFailure("add_bos.py failed: \(made.stderr.suffix(2000))") }
            gguf = root.appendingPathComponent("smollm2-bos.gguf")
            let exported = try ActiveTuneBinary.run(["export", "--model", model.path, "--format", "gguf", "--out", gguf.path])
            guard exported.status == 0 else { throw FixtureFailure("export --format gguf failed: \(exported.stderr)") }
        }
    }

    struct FixtureFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// A configuration whose scoring runs on `server`.
    static func serverConfiguration(_ server: LlamaCppServer, in folder: URL) throws -> URL {
        let file = folder.appendingPathComponent("server-\(server.port).toml")
        try """
            [scoring]
            backend = "openai"
            url = "\(server.url)"
            model = "activetune"
            concurrency = 2
            retries = 1

            """.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    static let scoring = ["--json", "--instances", "3", "--perturbations", "2", "--max-new-tokens", "16", "--precision", "fp32"]

    static func scores(_ result: ActiveTuneBinary.Result) throws -> [[String: Any]] {
        try #require(result.status == 0, "score failed: \(result.stderr.suffix(2000))")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    @Test func theServerScoresAsTheBuiltInEngine() async throws {
        let fixture = try Fixture.shared.get()
        let server = try LlamaCppServer(model: fixture.gguf, log: fixture.root.appendingPathComponent("agree.log"))
        try await server.start()
        defer { server.kill() }
        let tasks = ["task1146_country_capital", "task1364_hans_answer_generation"].map {
            Self.examples.appendingPathComponent("\($0).json").path
        }
        let local = try Self.scores(ActiveTuneBinary.run(["score", "--model", fixture.model.path] + Self.scoring + tasks))
        let config = try Self.serverConfiguration(server, in: fixture.root)
        let remote = try Self.scores(ActiveTuneBinary.run(["score", "--model", fixture.model.path, "--config", config.path]
                                                          + Self.scoring + tasks))
        try #require(local.count == remote.count && local.count == tasks.count)
        var largest = 0.0
        for (here, there) in zip(local, remote) {
            let ours = try #require(here["instances"] as? [[String: Any]]), theirs = try #require(there["instances"] as? [[String: Any]])
            try #require(ours.count == theirs.count)
            for (a, b) in zip(ours, theirs) {
                #expect(a["output"] as? String == b["output"] as? String, "greedy answers differ: \(a["output"] ?? "") | \(b["output"] ?? "")")
                let x = try #require(a["mean_nll"] as? [Double]), y = try #require(b["mean_nll"] as? [Double])
                for (u, v) in zip(x, y) { largest = max(largest, abs(u - v)) }
            }
        }
        print("ServerScoringTests: largest |mean NLL difference| between the built-in engine and llama.cpp: \(largest) nats")
        #expect(largest <= Self.tolerance, "mean NLL differs by \(largest) nats")
    }

    @Test func aServerWithMisalignedEchoLogprobsIsRefused() async throws {
        let fixture = try Fixture.shared.get()
        // SmolLM2's own file: no BOS first, so llama-cpp-python echoes each token's log-probability at its own position.
        let server = try LlamaCppServer(model: Self.smolLM2, log: fixture.root.appendingPathComponent("misaligned.log"))
        try await server.start()
        defer { server.kill() }
        let config = try Self.serverConfiguration(server, in: fixture.root)
        let result = try ActiveTuneBinary.run(["score", "--model", Self.smolLM2.path, "--config", config.path] + Self.scoring
                                              + [Self.examples.appendingPathComponent("task1146_country_capital.json").path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("misaligned") && result.stderr.contains("when echoed"), "\(result.stderr)")
    }

    @Test func aKilledServerLeavesTasksWaitingAndScoringResumes() async throws {
        let fixture = try Fixture.shared.get()
        let daemon = try DaemonProcess()
        defer { try? FileManager.default.removeItem(at: daemon.root) }
        // The rotation command tells the test which GGUF to serve; the test runs the server, as a deployment's script
        // would restart its own.
        let handed = daemon.root.appendingPathComponent("serve.txt")
        let server = try LlamaCppServer(model: handed, log: daemon.root.appendingPathComponent("unused.log"))
        let configuration = SmallRounds.configuration(training: ["instances_per_task": "2", "batch_size": "2"], extra: """
            [model]
            base = "\(fixture.model.path)"
            [rotation]
            command = ["/bin/sh", "-c", "ln -f \\"$2\\" \\"\(daemon.root.path)/$ACTIVETUNE_MODEL_ID.gguf\\" && echo $ACTIVETUNE_MODEL_ID >> \\"\(handed.path)\\"", "hook"]

            """).replacingOccurrences(of: "pool_size = 2\n", with: "pool_size = 100\n")
            // No selection round: the pool only waits to be scored, against round 0's model, which the test serves.
            .replacingOccurrences(of: "[scoring]\n", with: """
            [scoring]
            backend = "openai"
            url = "\(server.url)"
            model = "activetune"
            retries = 1
            timeout = 60

            """)
        try await CommandTrainerTests.start(daemon, configuration: configuration)
        // Round 0 rotates; the hook hands over its model; serve that.
        let rotated = await daemon.eventually(timeout: 900) {
            let status = try? daemon.status()
            return (status?["rotation_command"] as? [String: Any])?["model"] as? String == status?["active_model"] as? String
                && (status?["rounds"] as? [String: Any])?["rotated"] as? Int == 1
        }
        try #require(rotated, "round 0 did not rotate and hand over its model: \(daemon.logText.suffix(4000))")
        let active = try #require(try daemon.status()["active_model"] as? String)
        let serving = try LlamaCppServer(model: daemon.root.appendingPathComponent("\(active).gguf"), port: server.port,
                                         log: daemon.root.appendingPathComponent("server.log"))
        try await serving.start()
        for name in ["task1317_country_calling_code", "task1318_country_national_dish", "task1319_country_by_barcode_prefix"] {
            try daemon.drop(Array(Data(contentsOf: Self.examples.appendingPathComponent("\(name).json"))), as: "\(name).json")
        }
        let firstScored = await daemon.eventually(timeout: 600) { ((try? daemon.status())?["scores"] as? Int ?? 0) >= 1 }
        try #require(firstScored, "nothing was scored on the server: \(daemon.logText.suffix(4000))")
        serving.kill()
        let waiting = await daemon.eventually(timeout: 300) { (try? daemon.status())?["scoring_wait"] is String }
        let status = try daemon.status()
        #expect(waiting, "status does not say scoring waits: \(status)")
        #expect((status["scoring_wait"] as? String)?.contains("unreachable") == true, "\(status)")
        #expect(status["scores"] as? Int ?? 0 < 5, "every task was scored before the kill; the test needs one left: \(status)")

        let restarted = try LlamaCppServer(model: serving.model, port: server.port,
                                           log: daemon.root.appendingPathComponent("server-restarted.log"))
        try await restarted.start()
        defer { restarted.kill() }
        let allScored = await daemon.eventually(timeout: 600) {
            let status = try? daemon.status()
            return status?["scores"] as? Int == status?["pool"] as? Int && status?["scoring_wait"] == nil
        }
        let final = try daemon.status()
        #expect(allScored, "scoring did not resume: \(final)\n\(daemon.logText.suffix(3000))")
        #expect(final["tasks"] as? Int == 5 && final["pool"] as? Int == 3, "a task was lost: \(final)")
        #expect(daemon.logText.contains("scoring waits for the server") && daemon.logText.contains("answers again"))
        _ = await daemon.stop()
    }

    /// The experiment with `scoring.backend = "openai"`: the rotation command hands the model over (the test serves the
    /// GGUF it is given, as a deployment's script would restart its server), the pool is scored on the server, and
    /// the run picks what the built-in engine picks: the same cells, tasks and ROUGE-L.
    @Test func theExperimentScoresItsPoolsOnTheServer() async throws {
        let fixture = try Fixture.shared.get()
        let root = fixture.root.appendingPathComponent("experiment-\(UUID().uuidString)")
        let pool = root.appendingPathComponent("pool"), test = root.appendingPathComponent("test")
        for folder in [pool, test] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(at: root) }
        for name in ["task1146_country_capital", "task1147_country_currency", "task1317_country_calling_code",
                     "task1318_country_national_dish"] {
            try FileManager.default.copyItem(at: Self.examples.appendingPathComponent("\(name).json"),
                                             to: pool.appendingPathComponent("\(name).json"))
        }
        try FileManager.default.copyItem(at: Self.examples.appendingPathComponent("task1320_country_domain_tld.json"),
                                         to: test.appendingPathComponent("task1320_country_domain_tld.json"))
        let requests = root.appendingPathComponent("requests.txt"), served = root.appendingPathComponent("served.txt")
        let serving = root.appendingPathComponent("serving.gguf")
        let server = try LlamaCppServer(model: serving, log: root.appendingPathComponent("server.log"))
        // The hook keeps the GGUF (the experiment removes an export once the next one is handed over), asks the
        // test to serve it and returns once the test says the server answers with it.
        let configuration = try Self.serverConfiguration(server, in: root)
        try (String(contentsOf: configuration, encoding: .utf8) + """
            [rotation]
            command = ["/bin/sh", "-c", "ln -f \\"$2\\" \\"\(serving.path)\\" && echo $ACTIVETUNE_MODEL_ID >> \\"\(requests.path)\\" && until grep -qx \\"$ACTIVETUNE_MODEL_ID\\" \\"\(served.path)\\" 2>/dev/null; do sleep 0.2; done", "hook"]
            command_timeout = 900

            """).write(to: configuration, atomically: true, encoding: .utf8)
        func experiment(_ state: String, _ extra: [String]) -> [String] {
            ["experiment", "--preset", "pretrained", "--base", fixture.model.path, "--pool", pool.path, "--test", test.path,
             "--strategies", "prompt-uncertainty", "--seeds", "3", "--rounds", "1", "--initial", "1", "--per-round", "1",
             "--instances-per-task", "2", "--eval-instances", "2", "--precision", "fp32", "--json",
             "--state", root.appendingPathComponent(state).path] + extra
        }
        let remoteArguments = experiment("on-server", ["--config", configuration.path]), localArguments = experiment("local", [])
        async let remote = offPool { try ActiveTuneBinary.run(remoteArguments) }
        // Serve each model the hook asks for, until the experiment ends (it hands over round 0's model only: round 1
        // is the last, and the shared round-0 model scores its pool).
        var handled = 0, running: LlamaCppServer?
        defer { running?.kill() }
        while handled < 1 {
            let asked = ((try? String(contentsOf: requests, encoding: .utf8)) ?? "").split(separator: "\n")
            if asked.count > handled {
                running?.kill()
                let next = try LlamaCppServer(model: serving, port: server.port, log: root.appendingPathComponent("server-\(handled).log"))
                try await next.start()
                running = next
                let line = String(asked[handled]) + "\n"
                if let handle = try? FileHandle(forWritingTo: served) {
                    handle.seekToEndOfFile()
                    handle.write(Data(line.utf8))
                    try handle.close()
                } else {
                    try line.write(to: served, atomically: true, encoding: .utf8)
                }
                handled += 1
            } else {
                try await Task.sleep(for: .milliseconds(250))
            }
        }
        let onServer = try await remote
        try #require(onServer.status == 0, "experiment on the server failed: \(onServer.stderr.suffix(3000))")
        #expect(try String(contentsOf: requests, encoding: .utf8) == "3/initial/0\n", "the models handed over")
        #expect(onServer.stderr.contains("handing the model to the scoring server"))
        let local = try await offPool { try ActiveTuneBinary.run(localArguments) }
        try #require(local.status == 0, "experiment here failed: \(local.stderr.suffix(3000))")
        func cells(_ run: ActiveTuneBinary.Result) throws -> [String: [String]] {
            let output = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let cells = try #require(output["cells"] as? [[String: Any]])
            return Dictionary(uniqueKeysWithValues: cells.map {
                ("\($0["strategy"] ?? "")/\($0["round"] ?? "")", ($0["tasks"] as? [String] ?? []) + ["\(($0["evaluation"] as? [String: Any])?["rougeL"] ?? "")"])
            })
        }
        let remoteCells = try cells(onServer), localCells = try cells(local)
        #expect(remoteCells.keys.sorted() == ["base/-1", "initial/0", "prompt-uncertainty/1"], "\(remoteCells.keys)")
        #expect(remoteCells == localCells, "server \(remoteCells)\nlocal \(localCells)")
    }
}
