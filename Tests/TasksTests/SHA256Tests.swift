import Foundation
import Testing
@testable import Tasks

/// SHA-256 agrees with the system's `sha256sum` on block-boundary lengths and real files.
@Suite struct SHA256Tests {
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

    @Test(arguments: [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 100_003])
    func matchesSha256sum(length: Int) throws {
        var generator = SeededGenerator(seed: UInt64(length))
        let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(SHA256.hexDigest(bytes) == (try systemDigest(bytes)))
    }

    @Test func knownVectors() {
        #expect(SHA256.hexDigest([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hexDigest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// Feeding the input in pieces of any size gives the same digest as feeding it at once.
    @Test func incrementalUpdatesAgree() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        for piece in [1, 7, 63, 64, 65, 333] {
            var hasher = SHA256()
            for start in stride(from: 0, to: bytes.count, by: piece) {
                hasher.update(bytes[start..<min(start + piece, bytes.count)])
            }
            #expect(SHA256.hex(hasher.finalize()) == SHA256.hexDigest(bytes))
        }
    }

    @Test func realFileMatchesItsPublishedDigest() throws {
        let bytes = try [UInt8](Data(contentsOf: SharedData.selfInstruct()))
        // From the Self-Instruct README in shared/data.
        #expect(SHA256.hexDigest(bytes) == "7779004fa198fdf27cf70a159363879d8a26c53329e11b436af17b3941875f48")
        #expect(SHA256.hexDigest(bytes) == (try systemDigest(bytes)))
    }
}
