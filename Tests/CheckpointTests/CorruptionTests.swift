import Foundation
import Testing
@testable import Checkpoint

/// A flipped bit anywhere, or a truncated file, is caught on load with the file named, and recovery
/// keeps the previous model active.
@Suite struct CorruptionTests {
    /// Where to flip a bit, as a function of the file size (LZ4 frame: 15-byte header, then blocks
    /// of a 4-byte size, data and a 4-byte checksum, then a 4-byte end mark and the content checksum).
    static let positions: [(label: String, offset: @Sendable (Int) -> Int)] = [
        ("frame flags", { _ in 4 }),
        ("content size field", { _ in 7 }),
        ("header checksum", { _ in 14 }),
        ("first block size", { _ in 16 }),
        ("safetensors header inside the first block", { _ in 40 }),
        ("tensor payload", { $0 / 2 }),
        ("last block checksum", { $0 - 10 }),
        ("content checksum", { $0 - 2 }),
    ]

    @Test(arguments: positions.indices)
    func flippedBitIsDetectedAndPreviousStaysUsable(_ index: Int) throws {
        let (label, offsetFor) = Self.positions[index]
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        let old = try fixture.store.commit(Fixture.checkpoint(round: 1, floats: 1 << 16)).id
        let new = try fixture.store.commit(Fixture.checkpoint(round: 2, floats: 1 << 16)).id
        var bytes = try Data(contentsOf: URL(fileURLWithPath: fixture.file(new)))
        let offset = offsetFor(bytes.count)
        bytes[offset] ^= 0x10
        try bytes.write(to: URL(fileURLWithPath: fixture.file(new)))

        let error = #expect(throws: CheckpointError.self, "bit flip in \(label) at \(offset)") {
            try fixture.store.load(new)
        }
        #expect(error?.code == .corrupt || error?.code == .truncated, "\(label): \(String(describing: error))")
        #expect(error?.description.contains(new.fileName) == true)
        #expect(error?.description.contains("HINT:") == true)

        let report = try fixture.store.recover()
        #expect(report.rejected == new && report.active == old)
        #expect(fixture.store.activeID == old)
        #expect(try fixture.store.loadActive().checkpoint.provenance.round == 1)
        #expect(fixture.log.messages.contains("active model failed verification"))
    }

    @Test func truncatedFileIsDetectedAndPreviousStaysUsable() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        let old = try fixture.store.commit(Fixture.checkpoint(round: 1, floats: 1 << 16)).id
        let new = try fixture.store.commit(Fixture.checkpoint(round: 2, floats: 1 << 16)).id
        let size = try #require(FileManager.default.attributesOfItem(atPath: fixture.file(new))[.size] as? Int)
        #expect(truncate(fixture.file(new), off_t(size * 3 / 5)) == 0)

        let error = #expect(throws: CheckpointError.self) { try fixture.store.load(new) }
        #expect(error?.code == .truncated)
        #expect(error?.description.contains("\(new.fileName) is truncated") == true)
        let report = try fixture.store.recover()
        #expect(report.active == old && report.reason?.contains("truncated") == true)
        #expect(try fixture.store.loadActive().id == old)
    }

    @Test func tinyAndForeignFilesAreRejected() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        let id = try fixture.store.commit(Fixture.checkpoint(round: 1)).id
        try Data([0x04, 0x22, 0x4D]).write(to: URL(fileURLWithPath: fixture.file(id)))
        #expect(throws: CheckpointError.self) { try fixture.store.load(id) }
        try Data("not an lz4 frame at all".utf8).write(to: URL(fileURLWithPath: fixture.file(id)))
        let error = #expect(throws: CheckpointError.self) { try fixture.store.load(id) }
        #expect(error?.code == .corrupt)
        let report = try fixture.store.recover()
        #expect(report.active == nil && report.rejected == id)
    }

    @Test func impossibleContentSizeIsRejectedBeforeAllocating() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        let id = try fixture.store.commit(Fixture.checkpoint(round: 1)).id
        // A well-formed frame header (valid header checksum) that claims 1 TiB of content.
        var bytes: [UInt8] = []
        _ = try FrameWriter(contentSize: 1 << 40, path: "(memory)") { bytes.append(contentsOf: $0) }
        try Data(bytes + [UInt8](repeating: 0, count: 64)).write(to: URL(fileURLWithPath: fixture.file(id)))
        let error = #expect(throws: CheckpointError.self) { try fixture.store.load(id) }
        #expect(error?.code == .corrupt)
        #expect(error?.description.contains("claims 1099511627776 bytes") == true, "\(String(describing: error))")
    }
}
