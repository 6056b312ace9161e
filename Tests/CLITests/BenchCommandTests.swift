import Foundation
import Testing

/// `activetune bench --json` prints one object with the BLAS core, the thread count and per-shape numbers.
@Suite struct BenchCommandTests {
    @Test func jsonReportHasEveryField() throws {
        let result = try ActiveTuneBinary.run(["bench", "--json", "--config", "S", "--threads", "1", "--seconds", "0.01"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let report = try #require(object)
        #expect((report["blas_core"] as? String)?.isEmpty == false)
        #expect(report["threads"] as? Int == 1)
        let configs = try #require(report["configs"] as? [[String: Any]])
        #expect(configs.count == 1)
        #expect(configs.first?["name"] as? String == "S")
        for key in ["train_tokens_per_s", "score_tokens_per_s", "decode_tokens_per_s", "peak_rss_bytes"] {
            #expect((configs.first?[key] as? Double ?? 0) > 0, "\(key) missing or not positive")
        }
    }

    @Test func uncertaintySectionComparesReuseWithScratchOnRealTasks() throws {
        // A narrow model with the default context, so the paper's 128 new tokens fit and the run takes seconds.
        let config = #"{"vocab_size": 8192, "n_positions": 1024, "n_layer": 1, "n_head": 2, "n_embd": 16}"#
        let root = try TaskFileLocations.temporaryDirectory(with: ["config.json": config])
        defer { try? FileManager.default.removeItem(at: root) }
        let state = root.appendingPathComponent("state").path
        let created = try ActiveTuneBinary.run(["init", "--state", state, "--config", root.appendingPathComponent("config.json").path])
        try #require(created.status == 0, "\(created.stderr)")
        let data = try TaskFileLocations.sharedData().appendingPathComponent("niv2/tasks").path
        let result = try ActiveTuneBinary.run(["bench", "--json", "--uncertainty", "--data", data,
                                               "--uncertainty-model", state + "/checkpoints/active"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let section = try #require(object?["uncertainty"] as? [String: Any])
        #expect((section["tasks"] as? [String])?.count == 4)
        #expect(section["instances"] as? Int == 10 && section["perturbations"] as? Int == 10)
        for key in ["tasks_per_s_reuse", "tasks_per_s_naive", "mean_target_tokens"] {
            #expect((section[key] as? Double ?? 0) > 0, "\(key) missing or not positive")
        }
        let reuse = try #require(section["tokens_reuse"] as? Int), naive = try #require(section["tokens_naive"] as? Int)
        #expect(reuse > 0 && naive > reuse, "reuse must compute fewer positions: \(reuse) vs \(naive)")
        #expect((section["max_p_difference"] as? Double ?? 1) < 1e-5)
    }

    @Test func unknownConfigIsRejected() throws {
        let result = try ActiveTuneBinary.run(["bench", "--config", "X"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("S, M, G"))
    }
}
