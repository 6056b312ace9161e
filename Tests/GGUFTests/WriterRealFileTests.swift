import Foundation
import Testing
@testable import GGUF

/// SmolLM2-135M-Instruct rewritten by GGUFWriter: all of its metadata (tokenizer arrays included) and every
/// tensor dequantized to F32, checked with this module's reader and with gguf-py.
struct WriterRealFileTests {
    static func source() throws -> GGUFFile {
        guard FileManager.default.fileExists(atPath: TestSupport.smolPath) else {
            throw TestSupport.SetupFailure(description: TestSupport.smolHowTo)
        }
        return try GGUFFile(path: TestSupport.smolPath)
    }

    /// True when `values` hold exactly the bytes at `data[start...]`.
    static func sameBytes(_ values: [Float], _ data: Data, at start: Int) -> Bool {
        values.withUnsafeBytes { mine in
            data.withUnsafeBytes { all in
                start + mine.count <= all.count && memcmp(mine.baseAddress!, all.baseAddress! + start, mine.count) == 0
            }
        }
    }

    @Test func wholeModelAsF32ReadsTheSameInSwiftAndGGUFPy() throws {
        let source = try Self.source()
        let dir = try WriterFixtures.temporaryDirectory("smollm2")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("smollm2-f32.gguf").path

        let (tensors, dequantize) = try TestSupport.seconds { try source.tensors.map { try source.dequantize($0) } }
        var writer = GGUFWriter(alignment: source.alignment)
        for key in source.metadataKeys { try writer.set(key, try source.value(key)) }
        for (info, values) in zip(source.tensors, tensors) {
            try writer.addTensor(name: info.name, shape: info.shape, values: values, as: .f32)
        }
        let (_, write) = try TestSupport.seconds { try writer.write(to: path) }

        let written = try GGUFFile(path: path)
        #expect(written.metadataKeys == source.metadataKeys)
        #expect(written.metadata == source.metadata)
        #expect(written.tensors.map(\.name) == source.tensors.map(\.name))
        #expect(written.tensors.map(\.dimensions) == source.tensors.map(\.dimensions))
        #expect(written.tensors.allSatisfy { $0.type == .f32 })
        let elements = tensors.reduce(0) { $0 + $1.count }
        #expect(elements == 134_515_008)
        #expect(written.byteCount >= written.dataOffset + 4 * elements)
        for (info, values) in zip(written.tensors, tensors) {
            let same = written.withRawBytes(of: info) { raw in
                values.withUnsafeBytes { raw.count == $0.count && memcmp(raw.baseAddress!, $0.baseAddress!, raw.count) == 0 }
            }
            #expect(same, "\(info.name) differs from the source's dequantized values")
        }

        let (read, python) = try TestSupport.seconds { try PyWritten.read(path, scratch: dir) }
        let (py, data) = read
        #expect(py.file_size == written.byteCount && py.data_offset == written.dataOffset)
        #expect(py.metadata.map(\.key) == source.metadataKeys)
        for entry in py.metadata {
            let mine = PyWritten.canonical(try source.value(entry.key))
            #expect(entry.type == mine.type && entry.elem_type == mine.elemType, "\(entry.key)")
            #expect(entry.values == mine.values, "\(entry.key): \(entry.values.prefix(3)) vs \(mine.values.prefix(3))")
        }
        #expect(py.metadata.first { $0.key == "tokenizer.ggml.tokens" }?.values.count == 49_152)
        #expect(py.metadata.first { $0.key == "tokenizer.ggml.merges" }?.values.count == 48_900)
        #expect(py.tensors.count == source.tensors.count)
        for (tensor, (info, values)) in zip(py.tensors, zip(source.tensors, tensors)) {
            #expect(tensor.name == info.name && tensor.type_name == "F32")
            #expect(tensor.numpy_shape == info.shape, "\(info.name)")
            #expect(Self.sameBytes(values, data, at: tensor.data_start), "\(info.name): gguf-py reads other values")
        }
        print(String(format: "GGUF writer: SmolLM2-135M (%d tensors, %d elements, %.0f MB) dequantized in %.2f s, written as F32 "
            + "in %.2f s (%.0f MB/s incl. fsync); gguf-py read it in %.1f s", source.tensors.count, elements,
            Double(written.byteCount) / 1e6, dequantize, write, Double(written.byteCount) / 1e6 / write, python))
        #expect(write < 10)
    }

    @Test func streamingBlocksAsBF16AndF16() throws {
        let source = try Self.source()
        let dir = try WriterFixtures.temporaryDirectory("smollm2-stream")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("blocks.gguf").path
        // The first three blocks plus the output norm, filled straight from the source while the file is written.
        let chosen = source.tensors.filter { $0.name.hasPrefix("blk.0.") || $0.name.hasPrefix("blk.1.") || $0.name.hasPrefix("blk.2.")
            || $0.name == "output_norm.weight" }
        #expect(chosen.count == 28)
        var writer = GGUFWriter()
        try writer.set("general.architecture", .string(try source.architecture()))
        for (i, info) in chosen.enumerated() {
            try writer.addTensor(name: info.name, shape: info.shape, as: i % 2 == 0 ? .bf16 : .f16) { buffer throws(GGUFError) in
                try source.dequantize(info, into: buffer)
            }
        }
        try writer.write(to: path)
        let written = try GGUFFile(path: path)
        for (i, info) in chosen.enumerated() {
            let type: GGMLType = i % 2 == 0 ? .bf16 : .f16
            let mine = try #require(written.tensor(named: info.name))
            #expect(mine.type == type && mine.dimensions == info.dimensions)
            let expected = WriterFixtures.expected(try source.dequantize(info), as: type)
            #expect(TestSupport.firstDifference(try written.dequantize(mine), expected) == nil, "\(info.name) as \(type)")
        }
    }
}
