import Foundation
import Testing
@testable import Tasks

/// A task's content hash is SHA-256 (swift-crypto) of exactly the encoding `InstructionTask.hashContent` documents,
/// checked against the system's `sha256sum` over bytes this test lays out by hand.
@Suite struct TaskHashTests {
    /// Runs `sha256sum` on `bytes`; fails the test (never skips) when the tool is missing.
    private func systemDigest(_ bytes: [UInt8]) throws -> String {
        let tool = ["/usr/bin/sha256sum", "/bin/sha256sum"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let path = try #require(tool, "sha256sum (coreutils) is needed as the reference for SHA-256")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sha256-\(UUID().uuidString)")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }

    /// The documented encoding: every count a little-endian UInt64, every string its byte count then its UTF-8.
    private func encoding(definition: String, examples: [TaskExample], instances: [TaskInstance]) -> [UInt8] {
        var bytes: [UInt8] = []
        func count(_ value: Int) { bytes += (0..<8).map { UInt8(truncatingIfNeeded: UInt64(value) >> (8 * $0)) } }
        func text(_ value: String) { count(value.utf8.count); bytes += Array(value.utf8) }
        text("activetune-task-v1")
        text(definition)
        count(examples.count)
        for example in examples { text(example.input); text(example.output) }
        count(instances.count)
        for instance in instances {
            text(instance.input)
            count(instance.outputs.count)
            instance.outputs.forEach(text)
        }
        return bytes
    }

    @Test func contentHashIsSHA256OfTheDocumentedEncoding() throws {
        let examples = [TaskExample(input: "Italy", output: "Rome"), TaskExample(input: "Kenya", output: "Nairobi")]
        let instances = [TaskInstance(id: "1", input: "Germany", outputs: ["Berlin"]),
                         TaskInstance(id: "2", input: "Perú — ünïcode", outputs: ["Lima", "lima"])]
        let definition = "Given a country, answer with its capital."
        let hash = InstructionTask.hashContent(definition: definition, positiveExamples: examples, instances: instances)
        #expect(hash == (try systemDigest(encoding(definition: definition, examples: examples, instances: instances))))
        #expect(hash.count == 64 && hash.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test func seededStreamsKeepTheirValues() {
        // The stream state is SHA-256 of the seed's little-endian bytes and the salt. Expected values from Python:
        // hashlib.sha256(struct.pack('<Q', 42) + b'round/1'), read as four little-endian words, then xoshiro256**.
        var generator = SeededGenerator(seed: 42, salt: "round/1")
        #expect((0..<3).map { _ in generator.next() } == [17_698_407_433_195_652_116, 18_163_909_106_231_565_114,
                                                          7_798_275_006_229_872_239])
    }
}
