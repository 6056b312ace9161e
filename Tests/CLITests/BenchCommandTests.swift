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
        // The default context, so the paper's 128 new tokens fit; the narrow model keeps the run to seconds.
        let model = try ScratchModel(positions: 1024)
        defer { try? FileManager.default.removeItem(at: model.root) }
        let data = try TaskFileLocations.sharedData().appendingPathComponent("niv2/tasks").path
        let result = try ActiveTuneBinary.run(["bench", "--json", "--uncertainty", "--data", data,
                                               "--uncertainty-model", model.checkpoint])
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
