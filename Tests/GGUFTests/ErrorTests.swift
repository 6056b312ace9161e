import Foundation
import Testing
@testable import GGUF

/// Corrupt files built in memory: each must fail with the right code, a message naming the problem and
/// where it is, and a HINT.
struct ErrorTests {
    static func valid() -> GGUFTestWriter {
        var w = GGUFTestWriter()
        w.metadata = [("general.architecture", .string("llama")), ("tok", .array(.string(["a", "b"])))]
        w.tensors = [TestTensor(name: "a.weight", dims: [32, 2], type: 8, data: [UInt8](repeating: 0x11, count: 68)),
                     TestTensor(name: "b.weight", dims: [4], type: 0, data: Bytes.f32([1, 2, 3, 4]))]
        return w
    }

    static func parse(_ bytes: [UInt8]) throws(GGUFError) { _ = try GGUFFile(bytes: bytes, name: "bad.gguf") }

    @Test func truncatedHeader() {
        TestSupport.expectError(.truncated, mentioning: ["bad.gguf", "the version", "byte offset 4", "needs 4 bytes, only 2 left"]) {
            try Self.parse(Array("GGUF".utf8) + [3, 0])
        }
        TestSupport.expectError(.truncated, mentioning: ["the 4-byte magic", "byte offset 0"]) { try Self.parse([0x47]) }
    }

    @Test func everyPrefixOfAValidFileFailsCleanly() throws {
        let bytes = Self.valid().bytes()
        #expect(try GGUFFile(bytes: bytes).tensors.count == 2)
        var codes: Set<String> = []
        for length in 0..<bytes.count {
            do throws(GGUFError) {
                try Self.parse(Array(bytes[..<length]))
                Issue.record("a \(length)-byte prefix of a \(bytes.count)-byte file parsed")
            } catch {
                #expect(error.code == .truncated || error.code == .tensorOutOfBounds, "\(length): \(error)")
                #expect(error.description.contains("HINT: "))
                codes.insert(error.code.description)
            }
        }
        #expect(codes == ["truncated", "tensorOutOfBounds"])
    }

    @Test func badMagic() {
        var w = Self.valid()
        w.magic = Array("GGML".utf8)
        TestSupport.expectError(.badMagic, mentioning: ["bad.gguf", "not a GGUF file", "47 47 4D 4C"]) { try Self.parse(w.bytes()) }
    }

    @Test func unsupportedVersions() {
        var w = Self.valid()
        w.version = 1
        let v1 = TestSupport.expectError(.unsupportedVersion, mentioning: ["version 1", "byte offset 4", "bad.gguf"]) {
            try Self.parse(w.bytes())
        }
        #expect(v1?.hint.contains("version 3") == true)
        w.version = 0x0300_0000
        TestSupport.expectError(.unsupportedVersion, mentioning: ["big-endian"]) { try Self.parse(w.bytes()) }
    }

    @Test func tensorPastTheEndOfTheFile() {
        let bytes = Self.valid().bytes()
        TestSupport.expectError(.tensorOutOfBounds, mentioning: ["'b.weight'", "past the end of the file at \(bytes.count - 1)", "bad.gguf"]) {
            try Self.parse(Array(bytes.dropLast()))
        }
        var w = Self.valid()
        w.tensors[0].offset = 1 << 40
        w.writesData = false
        TestSupport.expectError(.tensorOutOfBounds, mentioning: ["'a.weight'", "offset 1099511627776"]) { try Self.parse(w.bytes()) }
    }

    @Test func unknownGGMLTypeIds() {
        for id: UInt32 in [4, 31, 99] {
            var w = Self.valid()
            w.tensors[1].type = id
            TestSupport.expectError(.unknownGGMLType, mentioning: ["'b.weight'", "type id \(id)", "byte offset"]) { try Self.parse(w.bytes()) }
        }
    }

    @Test func misalignedTensorOffset() {
        var w = Self.valid()
        w.tensors[1].offset = 80
        TestSupport.expectError(.misalignedTensorOffset, mentioning: ["'b.weight'", "offset 80", "alignment 32"]) { try Self.parse(w.bytes()) }
    }

    @Test func duplicateTensorNamesAndKeys() {
        var w = Self.valid()
        w.tensors[1].name = "a.weight"
        TestSupport.expectError(.duplicateTensorName, mentioning: ["two tensors named 'a.weight'"]) { try Self.parse(w.bytes()) }
        w = Self.valid()
        w.metadata.append(("tok", .uint8(1)))
        TestSupport.expectError(.duplicateKey, mentioning: ["'tok' twice", "byte offsets 69 and"]) { try Self.parse(w.bytes()) }
    }

    @Test func invalidShapesAndAlignment() {
        var w = Self.valid()
        w.tensors[0].dims = [16, 4]
        TestSupport.expectError(.invalidTensorShape, mentioning: ["'a.weight'", "ne[0] = 16", "Q8_0 block size 32"]) { try Self.parse(w.bytes()) }
        w = Self.valid()
        w.tensors[1].dims = [1, 1, 1, 1, 4]
        TestSupport.expectError(.invalidTensorShape, mentioning: ["'b.weight'", "5 dimensions"]) { try Self.parse(w.bytes()) }
        for bad: GGUFValue in [.uint32(0), .uint32(48), .int32(32)] {
            w = Self.valid()
            w.metadata.append(("general.alignment", bad))
            TestSupport.expectError(.invalidAlignment, mentioning: ["general.alignment", "power of two"]) { try Self.parse(w.bytes()) }
        }
    }

    @Test func corruptMetadata() {
        var bytes = GGUFTestWriter(metadata: [("k", .uint8(1))]).bytes()
        bytes[24 + 8 + 1] = 13 // the value type id of key "k"
        TestSupport.expectError(.invalidValueType, mentioning: ["type id 13", "'k'", "byte offset 33"]) { try Self.parse(bytes) }

        bytes = GGUFTestWriter(metadata: [("k", .string("abc"))]).bytes()
        bytes[24 + 8 + 1 + 4 + 7] = 0x7F // top byte of the string length
        TestSupport.expectError(.truncated, mentioning: ["length of the STRING value of metadata key 'k'"]) { try Self.parse(bytes) }

        var nested = GGUFArray.uint8([1])
        for _ in 0..<20 { nested = .array([nested]) }
        TestSupport.expectError(.nestingTooDeep, mentioning: ["'deep'", "16 levels"]) {
            try Self.parse(GGUFTestWriter(metadata: [("deep", .array(nested))]).bytes())
        }
        var huge = GGUFTestWriter().bytes()
        huge.replaceSubrange(8..<16, with: Bytes.u32(0xFFFF_FFFF) + Bytes.u32(0xFFFF_FFFF))
        TestSupport.expectError(.truncated, mentioning: ["18446744073709551615 as the tensor count"]) { try Self.parse(huge) }
    }

    @Test func dequantizeErrors() throws {
        var w = Self.valid()
        w.tensors.append(TestTensor(name: "k.weight", dims: [256], type: 10, data: [UInt8](repeating: 0, count: 84)))
        let file = try GGUFFile(bytes: w.bytes(), name: "q2k.gguf")
        let info = try #require(file.tensor(named: "k.weight"))
        let error = TestSupport.expectError(.unsupportedQuantization, mentioning: ["'k.weight'", "Q2_K", "q2k.gguf", "byte offset \(info.fileOffset)", "Q8_0"]) {
            _ = try file.dequantize(info)
        }
        #expect(error?.hint.contains("llama-quantize") == true)
        TestSupport.expectError(.missingTensor, mentioning: ["'nope'", "3 tensors"]) { _ = try file.dequantize(named: "nope") }
        var small = [Float](repeating: 0, count: 3)
        TestSupport.expectError(.bufferSizeMismatch, mentioning: ["'b.weight'", "4 elements", "holds 3 floats"]) {
            try small.withUnsafeMutableBufferPointer { try file.dequantize(file.requireTensor(named: "b.weight"), into: $0) }
        }
        let other = try GGUFFile(bytes: Self.valid().bytes())
        let foreign = try #require(file.tensor(named: "k.weight"))
        TestSupport.expectError(.missingTensor, mentioning: ["'k.weight'", "was not read from"]) { _ = try other.dequantize(foreign) }
    }

    @Test func fileSystemErrors() throws {
        TestSupport.expectError(.io, mentioning: ["/nonexistent/model.gguf", "No such file"]) { _ = try GGUFFile(path: "/nonexistent/model.gguf") }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gguf-test-empty-\(getpid()).gguf")
        try Data().write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        TestSupport.expectError(.truncated, mentioning: [url.path, "empty"]) { _ = try GGUFFile(path: url.path) }
    }
}
