import Foundation
import Testing
@testable import GGUF

/// Everything the writer refuses: each must fail with the right code, a message naming the tensor, key or
/// path, and a HINT; a failed write must leave neither a file nor a temporary behind.
struct WriterErrorTests {
    @Test func unsupportedWriteTypes() {
        for type in [GGMLType.q8_0, .q4_1, .q6_K, .f64, .i32] {
            var writer = GGUFWriter()
            let error = TestSupport.expectError(.unsupportedWriteType, mentioning: ["'w'", type.name, "F32, F16, BF16"]) {
                try writer.addTensor(name: "w", shape: [32], values: [Float](repeating: 1, count: 32), as: type)
            }
            #expect(error?.hint.contains("llama-quantize") == true)
            #expect(writer.tensorNames.isEmpty)
        }
        var out = [UInt8](repeating: 0, count: 34)
        TestSupport.expectError(.unsupportedWriteType, mentioning: ["Q8_0"]) {
            try [Float](repeating: 0, count: 32).withUnsafeBufferPointer { values in
                try out.withUnsafeMutableBytes { try GGMLType.q8_0.encode(values, into: $0) }
            }
        }
        TestSupport.expectError(.bufferSizeMismatch, mentioning: ["3 floats need 6 bytes of F16", "holds 34"]) {
            try [Float](repeating: 0, count: 3).withUnsafeBufferPointer { values in
                try out.withUnsafeMutableBytes { try GGMLType.f16.encode(values, into: $0) }
            }
        }
    }

    @Test func shapesAndCounts() {
        var writer = GGUFWriter()
        TestSupport.expectError(.bufferSizeMismatch, mentioning: ["'m'", "shape [3, 5]", "15 elements", "14 values"]) {
            try writer.addTensor(name: "m", shape: [3, 5], values: [Float](repeating: 0, count: 14), as: .f32)
        }
        TestSupport.expectError(.bufferSizeMismatch, mentioning: ["'m'", "16 values"]) {
            try [Float](repeating: 0, count: 16).withUnsafeBufferPointer { try writer.addTensor(name: "m", shape: [3, 5], values: $0, as: .f16) }
        }
        let cases: [([Int], [String])] = [
            ([], ["0 dimensions", "1 to 4"]), ([1, 1, 1, 1, 2], ["5 dimensions"]), ([3, 0], ["dimension 1 = 0"]),
            ([-2], ["dimension 0 = -2"]), ([Int.max / 2, 3], ["more bytes of BF16 than fit"]),
        ]
        for (shape, mentions) in cases {
            TestSupport.expectError(.invalidTensorShape, mentioning: ["'t'", "shape \(shape)"] + mentions) {
                try writer.addTensor(name: "t", shape: shape, as: .bf16) { _ in }
            }
        }
        #expect(writer.tensorNames.isEmpty)
    }

    @Test func namesAndKeys() throws {
        var writer = GGUFWriter()
        try writer.addTensor(name: String(repeating: "n", count: 63), shape: [1], values: [0], as: .f32)
        TestSupport.expectError(.invalidTensorName, mentioning: ["64-byte name", "1 to 63 bytes"]) {
            try writer.addTensor(name: String(repeating: "n", count: 64), shape: [1], values: [0], as: .f32)
        }
        TestSupport.expectError(.invalidTensorName, mentioning: ["0-byte name"]) {
            try writer.addTensor(name: "", shape: [1], values: [0], as: .f32)
        }
        try writer.addTensor(name: "dup", shape: [2], values: [1, 2], as: .f16)
        TestSupport.expectError(.duplicateTensorName, mentioning: ["'dup'", "same name as tensor 1", "tensor 2 of the file"]) {
            try writer.addTensor(name: "dup", shape: [2], values: [1, 2], as: .f32)
        }
        #expect(writer.tensorNames == [String(repeating: "n", count: 63), "dup"])

        try writer.set("general.name", .string("x"))
        TestSupport.expectError(.duplicateKey, mentioning: ["'general.name'", "already set", "entry 0"]) {
            try writer.set("general.name", .string("y"))
        }
        TestSupport.expectError(.invalidAlignment, mentioning: ["'general.alignment'", "uint32(64)", "32 bytes"]) {
            try writer.set("general.alignment", .uint32(64))
        }
        TestSupport.expectError(.invalidAlignment, mentioning: ["int32(32)"]) { try writer.set("general.alignment", .int32(32)) }
        try writer.set("general.alignment", .uint32(32))
        var nested = GGUFArray.uint8([1])
        for _ in 0..<16 { nested = .array([nested]) }
        TestSupport.expectError(.nestingTooDeep, mentioning: ["'deep'", "17 levels", "at most 16"]) { try writer.set("deep", .array(nested)) }
        #expect(writer.metadataKeys == ["general.name", "general.alignment"])
        #expect(writer.metadata["general.name"] == .string("x"))
    }

    @Test func unwritablePaths() throws {
        var writer = GGUFWriter()
        try writer.addTensor(name: "w", shape: [2], values: [1, 2], as: .f32)
        let missing = TestSupport.expectError(.io, mentioning: ["'/nonexistent-gguf-dir/model.gguf'", "No such file or directory"]) {
            try writer.write(to: "/nonexistent-gguf-dir/model.gguf")
        }
        #expect(missing?.hint.contains("'/nonexistent-gguf-dir' exists and is writable") == true)

        let dir = try WriterFixtures.temporaryDirectory("unwritable")
        defer { try? FileManager.default.removeItem(at: dir) }
        let directory = dir.appendingPathComponent("a-directory.gguf")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        TestSupport.expectError(.io, mentioning: [directory.path, "renaming the temporary", "Is a directory"]) {
            try writer.write(to: directory.path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a-directory.gguf"])
    }

    @Test func aFailingFillLeavesTheOldFileAndNoTemporary() throws {
        let dir = try WriterFixtures.temporaryDirectory("fill")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("model.gguf").path
        var good = GGUFWriter()
        try good.addTensor(name: "w", shape: [2], values: [1, 2], as: .f32)
        try good.write(to: path)

        var bad = GGUFWriter()
        try bad.addTensor(name: "a", shape: [4], values: [1, 2, 3, 4], as: .f16)
        try bad.addTensor(name: "b", shape: [8], as: .f32) { _ throws(GGUFError) in
            throw GGUFError(.missingTensor, "the source has no tensor 'b'. HINT: convert another file")
        }
        // The closure's own error comes out unchanged (raised here, in the test), not wrapped.
        do throws(GGUFError) {
            try bad.write(to: path)
            Issue.record("a write whose fill throws succeeded")
        } catch {
            #expect(error.code == .missingTensor && error.message == "the source has no tensor 'b'", "\(error)")
            #expect(error.file == "GGUFTests/WriterErrorTests.swift")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["model.gguf"])
        #expect(try GGUFFile(path: path).dequantize(named: "w") == [1, 2])
    }
}
