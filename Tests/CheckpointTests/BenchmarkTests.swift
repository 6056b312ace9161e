import Benchmarks
import Foundation
import Logging
import Testing
@testable import Checkpoint

/// The benchmark runs end to end on a small model and reports the keys `activetune bench` prints.
@Suite struct BenchmarkTests {
    @Test func smallRunReportsThroughputsAndRatios() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        let result = try CheckpointBenchmark.run(directory: fixture.state, bytes: 8 << 20, logger: fixture.log.logger)
        #expect(result.bytes == 8 << 20)
        #expect(result.commitBytesPerSecond > 0 && result.loadBytesPerSecond > 0 && result.fsyncWriteBytesPerSecond > 0)
        // Normal(0, 0.02) float32 is close to incompressible for LZ4; bfloat16 halves it.
        #expect(result.compression.plain > 0.9 && result.compression.plain < 1.01)
        #expect(result.compression.byteShuffled < result.compression.plain)
        #expect(result.compression.bfloat16 < 0.51)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any]
        for key in ["commit_bytes_per_s", "load_bytes_per_s", "fsync_write_bytes_per_s"] {
            #expect(json?[key] is Double, "missing \(key)")
        }
        // The benchmark cleans up after itself.
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.state) == ["checkpoints"])
    }
}
