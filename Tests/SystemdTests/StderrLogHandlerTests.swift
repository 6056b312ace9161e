import Logging
import Synchronization
import Systemd
import Testing

/// The terminal format: one readable line per record.
@Suite struct StderrLogHandlerTests {
    private final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
    }

    @Test func oneLineWithTimeLevelMessageAndSortedMetadata() throws {
        let sink = Lines()
        var logger = Logger(label: "spool") { label in
            StderrLogHandler(label: label) { line in sink.lines.withLock { $0.append(line) } }
        }
        logger[metadataKey: "round"] = "2"
        logger.log(event: .rejected, "task rejected", metadata: ["task": "bad file.json", "reason": "not \"JSON\""])
        logger.debug("hidden below info")
        let lines = sink.all
        try #require(lines.count == 1)
        let line = lines[0]
        #expect(line.hasSuffix("\n") && line.dropLast().allSatisfy { !$0.isNewline })
        // 2026-11-21T00:52:49.123Z
        let time = line.prefix(24)
        #expect(time.count == 24 && time.hasSuffix("Z") && time.dropFirst(10).hasPrefix("T"), "\(line)")
        #expect(line.dropFirst(25).hasPrefix("warning [spool] task rejected event=rejected "), "\(line)")
        #expect(line.contains(#" reason="not \"JSON\"" round=2 task="bad file.json""#), "\(line)")
    }
}
