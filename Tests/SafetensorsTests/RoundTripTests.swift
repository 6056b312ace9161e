import Foundation
import Testing
@testable import Safetensors

/// Writing then parsing gives back the same tensors and metadata, laid out like the reference writer.
@Suite struct RoundTripTests {
    static func sample() throws -> SafetensorsFile {
        try SafetensorsFile(tensors: [
            TensorEntry(name: "wte.weight", shape: [3, 2], floats: [1, -2, 3.5, 0, -0.25, 1e-30]),
            TensorEntry(name: "a.bias", dtype: .i64, shape: [2], data: [1, 0, 0, 0, 0, 0, 0, 0,
                                                                     255, 255, 255, 255, 255, 255, 255, 255]),
            TensorEntry(name: "flag", dtype: .bool, shape: [], data: [1]),
            TensorEntry(name: "empty", dtype: .f16, shape: [0, 4], data: []),
            TensorEntry(name: "h.0.ln", shape: [3], bfloat16From: [1, -2, 0.5]),
        ], metadata: ["format": "pt", "note": "quote \" backslash \\ newline \n tab \t ctl \u{1} ünï"])
    }

    @Test func roundTripKeepsEverything() throws {
        let file = try Self.sample()
        let parsed = try SafetensorsFile.parse(file.serialize())
        #expect(parsed == file)
        #expect(parsed.tensors.map(\.name) == ["a.bias", "empty", "flag", "h.0.ln", "wte.weight"])
        #expect(try parsed.tensor(named: "wte.weight")?.floats() == [1, -2, 3.5, 0, -0.25, 1e-30])
        #expect(try parsed.tensor(named: "h.0.ln")?.floats() == [1, -2, 0.5])
    }

    @Test func headerIsPaddedWithSpacesToEightBytes() throws {
        let bytes = try Self.sample().serialize()
        let length = Int(bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        #expect(length % 8 == 0)
        let json = String(decoding: bytes[8..<(8 + length)], as: UTF8.self)
        #expect(json.hasPrefix("{\"__metadata__\":{"))
        #expect(json.trimmingCharacters(in: .whitespaces).hasSuffix("}"))
        #expect(bytes.count == 8 + length + 6 * 4 + 16 + 1 + 6)
    }

    @Test func fileDescriptorWriteMatchesSerialize() throws {
        let file = try Self.sample()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID()).safetensors").path
        defer { unlink(path) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(descriptor >= 0)
        try file.write(toFileDescriptor: descriptor)
        close(descriptor)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == file.serialize())
    }

    @Test func fileOnDiskRoundTripsAndTruncationIsReported() throws {
        let file = try Self.sample()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID()).safetensors").path
        defer { unlink(path) }
        try file.write(toFile: path)
        #expect(try SafetensorsFile(contentsOfFile: path) == file)
        #expect(truncate(path, off_t(file.byteCount - 3)) == 0)
        let error = #expect(throws: SafetensorsError.self) { try SafetensorsFile(contentsOfFile: path) }
        #expect(error?.code == .badOffsets)
        let missing = #expect(throws: SafetensorsError.self) { try SafetensorsFile(contentsOfFile: path + ".none") }
        #expect(missing?.code == .io && missing?.message.contains("No such file") == true)
    }

    @Test func duplicateNamesAndBadSizesAreRefused() throws {
        let one = try TensorEntry(name: "x", floats: [1])
        #expect(throws: SafetensorsError.self) { try SafetensorsFile(tensors: [one, one]) }
        let error = #expect(throws: SafetensorsError.self) {
            try TensorEntry(name: "y", dtype: .f32, shape: [2], data: [0, 0, 0])
        }
        #expect(error?.code == .sizeMismatch)
        #expect(error?.description.contains("HINT:") == true)
    }

    @Test func halfAndBFloatWidenExactly() throws {
        // 0x3C00 = 1, 0xC000 = -2, 0x0001 = smallest subnormal 2^-24, 0x7C00 = +inf, 0x7BFF = 65504.
        let half = try TensorEntry(name: "h", dtype: .f16, shape: [5],
                                   data: [0x00, 0x3C, 0x00, 0xC0, 0x01, 0x00, 0x00, 0x7C, 0xFF, 0x7B])
        #expect(try half.floats() == [1, -2, 0x1p-24, .infinity, 65504])
        // Round to nearest even: 1 + 2^-8 is a tie and rounds down to 1; 1 + 3·2^-9 rounds up.
        let brain = try TensorEntry(name: "b", bfloat16From: [1 + 0x1p-8, 1 + 3 * 0x1p-9, .nan])
        let widened = try brain.floats()
        #expect(widened[0] == 1 && widened[1] == 1 + 0x1p-7 && widened[2].isNaN)
        let ints = try TensorEntry(name: "i", dtype: .i32, shape: [1], data: [1, 0, 0, 0])
        #expect(throws: SafetensorsError.self) { try ints.floats() }
    }
}
