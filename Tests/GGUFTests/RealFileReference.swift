import Foundation
import TestSupport
@testable import GGUF

/// What Reference/reference.py writes to reference.json.
struct PyReference: Decodable, Sendable {
    struct Entry: Decodable, Sendable {
        let key: String
        let type: String
        let elem_type: String?
        let values: [String]
    }
    struct Tensor: Decodable, Sendable {
        let name: String
        let dims: [Int]
        let type: UInt32
        let offset: Int
        let file_offset: Int
        let n_elements: Int
        let n_bytes: Int
    }
    struct TypeRow: Decodable, Sendable {
        let name: String
        let id: UInt32
        let block: Int
        let bytes: Int
    }
    let version: UInt32
    let alignment: Int
    let data_offset: Int
    let file_size: Int
    let metadata: [Entry]
    let tensors: [Tensor]
    let ggml_types: [TypeRow]
}

/// The gguf-py dump of the real SmolLM2 file and the Swift parse of it, made once per test process.
struct RealFileReference: Sendable {
    let python: PyReference
    /// Every tensor dequantized by gguf-py, float32 little-endian, in tensor order (memory-mapped, 538 MB).
    let values: Data
    let file: GGUFFile

    static let outputDir = FileManager.default.temporaryDirectory.appendingPathComponent("gguf-reference-\(UUID())")

    /// Runs reference.py once; every test that needs it fails with the same setup message if it cannot run.
    static let shared: Result<RealFileReference, any Error> = Result { try RealFileReference() }

    private init() throws {
        guard FileManager.default.fileExists(atPath: TestSupport.smolPath) else {
            throw TestSupport.SetupFailure(description: TestSupport.smolHowTo)
        }
        try TestSupport.runPython("reference.py", [TestSupport.smolPath, Self.outputDir.path])
        let json = try Data(contentsOf: Self.outputDir.appendingPathComponent("reference.json"))
        python = try JSONDecoder().decode(PyReference.self, from: json)
        values = try Data(contentsOf: Self.outputDir.appendingPathComponent("values.f32"), options: .alwaysMapped)
        // The 538 MB dump stays readable through the mapping; removed now, its space returns when the tests end.
        try FileManager.default.removeItem(at: Self.outputDir)
        file = try GGUFFile(path: TestSupport.smolPath)
    }

    /// A metadata value in reference.py's encoding: type name, element type name, scalars as strings.
    static func canonical(_ value: GGUFValue) -> (type: String, elemType: String?, values: [String]) {
        switch value {
        case .array(let a): return ("ARRAY", a.elementType.description, strings(a))
        case .uint8(let v): return ("UINT8", nil, ["\(v)"])
        case .int8(let v): return ("INT8", nil, ["\(v)"])
        case .uint16(let v): return ("UINT16", nil, ["\(v)"])
        case .int16(let v): return ("INT16", nil, ["\(v)"])
        case .uint32(let v): return ("UINT32", nil, ["\(v)"])
        case .int32(let v): return ("INT32", nil, ["\(v)"])
        case .uint64(let v): return ("UINT64", nil, ["\(v)"])
        case .int64(let v): return ("INT64", nil, ["\(v)"])
        case .float32(let v): return ("FLOAT32", nil, [hex(UInt64(v.bitPattern), digits: 8)])
        case .float64(let v): return ("FLOAT64", nil, [hex(v.bitPattern, digits: 16)])
        case .bool(let v): return ("BOOL", nil, [v ? "true" : "false"])
        case .string(let v): return ("STRING", nil, [v])
        }
    }

    private static func strings(_ a: GGUFArray) -> [String] {
        switch a {
        case .uint8(let x): x.map { "\($0)" }
        case .int8(let x): x.map { "\($0)" }
        case .uint16(let x): x.map { "\($0)" }
        case .int16(let x): x.map { "\($0)" }
        case .uint32(let x): x.map { "\($0)" }
        case .int32(let x): x.map { "\($0)" }
        case .uint64(let x): x.map { "\($0)" }
        case .int64(let x): x.map { "\($0)" }
        case .float32(let x): x.map { hex(UInt64($0.bitPattern), digits: 8) }
        case .float64(let x): x.map { hex($0.bitPattern, digits: 16) }
        case .bool(let x): x.map { $0 ? "true" : "false" }
        case .string(let x): x
        case .array: ["<nested arrays are not in the reference file>"]
        }
    }

    private static func hex(_ v: UInt64, digits: Int) -> String {
        let s = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, digits - s.count)) + s
    }
}
