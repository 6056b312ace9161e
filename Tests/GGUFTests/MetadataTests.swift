import Foundation
import Testing
@testable import GGUF

/// Every GGUF value type written by the test writer and read back, plus the typed accessors.
struct MetadataTests {
    static let entries: [(String, GGUFValue)] = [
        ("u8", .uint8(255)), ("i8", .int8(-128)), ("u16", .uint16(65535)), ("i16", .int16(-32768)),
        ("u32", .uint32(4_000_000_000)), ("i32", .int32(-2_000_000_000)), ("f32", .float32(.pi)),
        ("f32.neg0", .float32(-0.0)), ("f32.inf", .float32(-.infinity)), ("bool.t", .bool(true)), ("bool.f", .bool(false)),
        ("s.empty", .string("")), ("s.utf8", .string("héllo wörld 🌍 Ġt")), ("u64", .uint64(.max)), ("i64", .int64(.min)),
        ("f64", .float64(.leastNonzeroMagnitude)),
        ("a.u8", .array(.uint8([0, 1, 255]))), ("a.i8", .array(.int8([-1, 0, 127]))), ("a.u16", .array(.uint16([7, 65535]))),
        ("a.i16", .array(.int16([-7]))), ("a.u32", .array(.uint32([1, 2, 3]))), ("a.i32", .array(.int32([3, 1, -1]))),
        ("a.f32", .array(.float32([0.5, -1e-30, 3e38]))), ("a.bool", .array(.bool([true, false, true]))),
        ("a.str", .array(.string(["a", "", "Ġ t", "日本"]))), ("a.u64", .array(.uint64([.max, 0]))),
        ("a.i64", .array(.int64([.min, .max]))), ("a.f64", .array(.float64([1.0 / 3.0, -2.5]))),
        ("a.empty", .array(.string([]))),
        ("a.nested", .array(.array([.int32([1, 2]), .string(["x"]), .array([.uint8([9])]), .float32([])]))),
        ("general.alignment", .uint32(64)),
    ]

    static func file(_ entries: [(String, GGUFValue)] = entries, tensors: [TestTensor] = []) throws -> GGUFFile {
        var writer = GGUFTestWriter()
        writer.metadata = entries
        writer.tensors = tensors
        writer.alignment = 64
        return try GGUFFile(bytes: writer.bytes(), name: "meta.gguf")
    }

    @Test func everyValueTypeRoundTripsInOrder() throws {
        let file = try Self.file(tensors: [TestTensor(name: "w", dims: [3], type: 0, data: Bytes.f32([1, 2, 3])),
                                           TestTensor(name: "b", dims: [1], type: 0, data: Bytes.f32([4]))])
        #expect(file.version == 3)
        #expect(file.metadataKeys == Self.entries.map(\.0))
        for (key, value) in Self.entries {
            #expect(file.metadata[key] == value, "\(key)")
            #expect(file.metadata[key]?.type == value.type)
        }
        #expect(file.metadata["f32.neg0"] == .float32(-0.0))
        if case .float32(let z) = file.metadata["f32.neg0"] { #expect(z.sign == .minus) }
        // general.alignment = 64 moves the data section and the second tensor to multiples of 64.
        #expect(file.alignment == 64)
        #expect(file.dataOffset % 64 == 0)
        #expect(file.tensors.map(\.offset) == [0, 64])
        #expect(try file.dequantize(named: "b") == [4])
    }

    @Test func accessorsConvertOnlyWhatTheyShould() throws {
        let file = try Self.file()
        #expect(try file.string("s.utf8") == "héllo wörld 🌍 Ġt")
        #expect(try file.integer("u8") == 255)
        #expect(try file.integer("i64") == Int(Int64.min))
        #expect(try file.integer("u32") == 4_000_000_000)
        #expect(try file.float("f32") == Double(Float.pi))
        #expect(try file.float("f64") == .leastNonzeroMagnitude)
        #expect(try file.bool("bool.t"))
        #expect(try file.stringArray("a.str") == ["a", "", "Ġ t", "日本"])
        #expect(try file.stringArray("a.empty") == [])
        #expect(try file.integerArray("a.i32") == [3, 1, -1])
        #expect(try file.integerArray("a.u8") == [0, 1, 255])
        #expect(try file.floatArray("a.f32") == [0.5, -1e-30, 3e38])
        #expect(try file.floatArray("a.f64") == [Float(1.0 / 3.0), -2.5])
        #expect(try file.array("a.nested").count == 4)

        let wrong = TestSupport.expectError(.wrongMetadataType, mentioning: ["'u32'", "UINT32", "string(_:)", "byte offset", "meta.gguf"]) {
            _ = try file.string("u32")
        }
        #expect(wrong?.hint.contains("value(_:)") == true)
        TestSupport.expectError(.wrongMetadataType, mentioning: ["'a.str'", "ARRAY of STRING", "integerArray(_:)"]) {
            _ = try file.integerArray("a.str")
        }
        TestSupport.expectError(.wrongMetadataType, mentioning: ["'s.utf8'", "STRING", "float(_:)"]) { _ = try file.float("s.utf8") }
        TestSupport.expectError(.wrongMetadataType, mentioning: ["'f32'", "FLOAT32", "integer(_:)"]) { _ = try file.integer("f32") }
        TestSupport.expectError(.wrongMetadataType, mentioning: ["'a.i32'", "stringArray(_:)"]) { _ = try file.stringArray("a.i32") }
        TestSupport.expectError(.valueOutOfRange, mentioning: ["'u64'", "18446744073709551615"]) { _ = try file.integer("u64") }
        TestSupport.expectError(.valueOutOfRange, mentioning: ["'a.u64'"]) { _ = try file.integerArray("a.u64") }
        TestSupport.expectError(.missingKey, mentioning: ["'llama.context_length'", "meta.gguf"]) {
            _ = try file.integer("llama.context_length")
        }
    }

    @Test func missingKeySuggestsSameSuffix() throws {
        let file = try Self.file([("llama.context_length", .uint32(8192))])
        TestSupport.expectError(.missingKey, mentioning: ["'qwen2.context_length'", "'llama.context_length'"]) {
            _ = try file.integer("qwen2.context_length")
        }
        #expect(file.metadata["qwen2.context_length"] == nil)
    }

    @Test func invalidUTF8IsRepairedNotRejected() throws {
        var bytes = GGUFTestWriter(metadata: [("k", .string("ab"))]).bytes()
        let at = try #require(bytes.lastIndex(of: UInt8(ascii: "a")))
        bytes[at] = 0xFF
        let file = try GGUFFile(bytes: bytes)
        #expect(try file.string("k") == "\u{FFFD}b")
    }

    @Test func headerOnlyFileIsValidAndPathOpenMatchesBytes() throws {
        let empty = try GGUFFile(bytes: GGUFTestWriter().bytes())
        #expect(empty.tensors.isEmpty && empty.metadata.isEmpty && empty.byteCount == 24)

        var writer = GGUFTestWriter(metadata: Self.entries)
        writer.tensors = [TestTensor(name: "w", dims: [2], type: 0, data: Bytes.f32([5, 6]))]
        writer.alignment = 64
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gguf-test-\(getpid()).gguf")
        try Data(writer.bytes()).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let mapped = try GGUFFile(path: url.path)
        let copied = try GGUFFile(bytes: writer.bytes())
        #expect(mapped.path == url.path)
        #expect(mapped.metadata == copied.metadata)
        #expect(mapped.tensors == copied.tensors)
        #expect(try mapped.dequantize(named: "w") == [5, 6])
    }
}
