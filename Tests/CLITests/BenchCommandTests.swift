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

    @Test func unknownConfigIsRejected() throws {
        let result = try ActiveTuneBinary.run(["bench", "--config", "X"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("S, M, G"))
    }
}
