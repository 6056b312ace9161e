import Foundation
import Testing
@testable import GGUF

/// Files written by GGUFWriter and read back by this module's reader: metadata, tensor layout and values.
struct WriterRoundTripTests {
    /// One tensor of each writable type and several shapes; sizes are odd so most tensors need padding.
    static let layouts: [(name: String, shape: [Int], type: GGMLType)] = [
        ("vec.f32", [7], .f32), ("vec.f16", [7], .f16), ("vec.bf16", [7], .bf16),
        ("mat.f32", [3, 5], .f32), ("mat.f16", [5, 3], .f16), ("mat.bf16", [3, 11], .bf16),
        ("cube.f32", [2, 3, 5], .f32), ("cube.f16", [3, 1, 9], .f16), ("cube.bf16", [2, 2, 13], .bf16),
        ("four.f16", [1, 2, 3, 5], .f16), ("one.bf16", [1], .bf16),
    ]

    /// Writes `layouts` with values from `WriterFixtures.values`, through all three addTensor forms in turn.
    static func writer(alignment: Int = 32, seed: UInt64 = 1) throws -> (GGUFWriter, [String: [Float]]) {
        var writer = GGUFWriter(alignment: alignment)
        var values: [String: [Float]] = [:]
        for (i, layout) in layouts.enumerated() {
            let count = layout.shape.reduce(1, *)
            // The special values come first in the pool; a rotation spreads them over the tensors.
            let pool = WriterFixtures.values(40, seed: seed + UInt64(i))
            let v = (0..<count).map { pool[(7 * i + $0) % pool.count] }
            values[layout.name] = v
            switch i % 3 {
            case 0: try writer.addTensor(name: layout.name, shape: layout.shape, values: v, as: layout.type)
            case 1: try v.withUnsafeBufferPointer { try writer.addTensor(name: layout.name, shape: layout.shape, values: $0, as: layout.type) }
            default: try writer.addTensor(name: layout.name, shape: layout.shape, as: layout.type) { _ = $0.update(fromContentsOf: v) }
            }
        }
        return (writer, values)
    }

    @Test func everyValueTypeRoundTripsInOrder() throws {
        let dir = try WriterFixtures.temporaryDirectory("meta")
        defer { try? FileManager.default.removeItem(at: dir) }
        var writer = GGUFWriter(alignment: 64)
        for (key, value) in MetadataTests.entries { try writer.set(key, value) }
        let nan = Float(bitPattern: 0xFFA0_0001), nan64 = Double(bitPattern: 0x7FF0_0000_0000_0001)
        try writer.set("f32.snan", .float32(nan))
        try writer.set("a.f64.nan", .array(.float64([nan64, 1])))
        try writer.addTensor(name: "w", shape: [3], values: [1, 2, 3], as: .f32)
        let path = dir.appendingPathComponent("meta.gguf").path
        try writer.write(to: path)

        let file = try GGUFFile(path: path)
        #expect(file.version == 3)
        #expect(file.metadataKeys == MetadataTests.entries.map(\.0) + ["f32.snan", "a.f64.nan"])
        #expect(file.metadataKeys == writer.metadataKeys)
        for (key, value) in MetadataTests.entries {
            #expect(file.metadata[key] == value, "\(key)")
        }
        // NaN never equals itself, so NaN payloads are compared as bit patterns.
        guard case .float32(let f) = file.metadata["f32.snan"], case .array(.float64(let d)) = file.metadata["a.f64.nan"] else {
            Issue.record("NaN entries read back as \(String(describing: file.metadata["f32.snan"]))")
            return
        }
        #expect(f.bitPattern == nan.bitPattern)
        #expect(d.map(\.bitPattern) == [nan64.bitPattern, Double(1).bitPattern])
        #expect(file.alignment == 64 && file.dataOffset % 64 == 0)
        #expect(try file.dequantize(named: "w") == [1, 2, 3])
    }

    @Test func alignmentIsDeclaredOnlyWhenNotTheDefault() throws {
        let dir = try WriterFixtures.temporaryDirectory("align")
        defer { try? FileManager.default.removeItem(at: dir) }
        for alignment in [1, 8, 32, 64, 4096] {
            var writer = GGUFWriter(alignment: alignment)
            try writer.set("general.architecture", .string("llama"))
            try writer.addTensor(name: "a", shape: [3], values: [1, 2, 3], as: .f16)
            try writer.addTensor(name: "b", shape: [1], values: [4], as: .f32)
            let path = dir.appendingPathComponent("a\(alignment).gguf").path
            try writer.write(to: path)
            let file = try GGUFFile(path: path)
            let declared = file.metadata["general.alignment"]
            #expect(declared == (alignment == 32 ? nil : .uint32(UInt32(alignment))), "\(alignment)")
            #expect(file.metadataKeys.first == "general.architecture")
            #expect(file.alignment == alignment)
            #expect(file.tensors.map(\.offset) == [0, max(alignment, 6)], "\(alignment)")
            #expect(file.byteCount == file.dataOffset + max(alignment, 6) + max(alignment, 4), "\(alignment)")
            #expect(try file.dequantize(named: "b") == [4])
        }
    }

    @Test func tensorsOfEveryTypeAndShapeReadBackAsConverted() throws {
        let dir = try WriterFixtures.temporaryDirectory("tensors")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (writer, values) = try Self.writer()
        #expect(writer.tensorNames == Self.layouts.map(\.name))
        let path = dir.appendingPathComponent("tensors.gguf").path
        try writer.write(to: path)
        let file = try GGUFFile(path: path)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(file.tensors.map(\.name) == Self.layouts.map(\.name))
        #expect(file.dataOffset % 32 == 0)
        var end = 0
        for layout in Self.layouts {
            let info = try #require(file.tensor(named: layout.name))
            let v = try #require(values[layout.name])
            #expect(info.shape == layout.shape, "\(layout.name)")
            #expect(info.dimensions == layout.shape.reversed(), "\(layout.name): ne[0] is the last NumPy dimension")
            #expect(info.type == layout.type)
            #expect(info.byteCount == v.count * layout.type.bytesPerBlock)
            #expect(info.offset % 32 == 0 && info.offset == (end + 31) / 32 * 32, "\(layout.name) at \(info.offset)")
            #expect(bytes[file.dataOffset + end ..< info.fileOffset].allSatisfy { $0 == 0 }, "padding before \(layout.name)")
            end = info.offset + info.byteCount
            let read = try file.dequantize(info)
            #expect(TestSupport.firstDifference(read, WriterFixtures.expected(v, as: layout.type)) == nil, "\(layout.name)")
            if layout.type == .f32 {
                #expect(TestSupport.firstDifference(read, v) == nil, "\(layout.name) is stored exactly")
            }
        }
        // The last tensor is padded too, as gguf-py and llama.cpp write it.
        #expect(bytes.count == file.dataOffset + (end + 31) / 32 * 32)
        #expect(bytes[(file.dataOffset + end)...].allSatisfy { $0 == 0 })
    }

    @Test func rewritingReplacesTheFileAndLeavesNoTemporaries() throws {
        let dir = try WriterFixtures.temporaryDirectory("replace")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("model.gguf").path
        var first = GGUFWriter()
        try first.addTensor(name: "x", shape: [2], values: [1, 2], as: .f32)
        try first.write(to: path)
        var second = GGUFWriter()
        try second.set("general.name", .string("second"))
        try second.addTensor(name: "x", shape: [2, 2], values: [5, 6, 7, 8], as: .bf16)
        try second.write(to: path)
        let file = try GGUFFile(path: path)
        #expect(try file.string("general.name") == "second")
        #expect(try file.dequantize(named: "x") == [5, 6, 7, 8])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["model.gguf"])

        // A relative path writes next to the working directory's file, like any other tool.
        let relative = "gguf-writer-relative-\(UUID()).gguf"
        defer { try? FileManager.default.removeItem(atPath: relative) }
        try second.write(to: relative)
        #expect(try GGUFFile(path: relative).tensors.map(\.name) == ["x"])
    }

    @Test func headerOnlyFileMatchesTheReadersMinimum() throws {
        let dir = try WriterFixtures.temporaryDirectory("empty")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("empty.gguf").path
        try GGUFWriter().write(to: path)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        // 24 header bytes padded to 32: magic, version 3, zero tensors, zero entries.
        #expect(bytes == Array("GGUF".utf8) + [3, 0, 0, 0] + [UInt8](repeating: 0, count: 24))
        let file = try GGUFFile(path: path)
        #expect(file.tensors.isEmpty && file.metadata.isEmpty)
    }
}
