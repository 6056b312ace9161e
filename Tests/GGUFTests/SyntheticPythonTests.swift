import Foundation
import Testing
@testable import GGUF

/// Random blocks of every supported type dequantized by gguf-py (Reference/synthetic.py), wrapped in an
/// in-memory GGUF file and dequantized by the Swift reader; covers the types the real model lacks.
struct SyntheticPythonTests {
    struct Record {
        var type: GGMLType
        var label: String
        var raw: [UInt8]
        var expected: [Float]
    }

    static func readRecords(_ data: Data) throws -> [Record] {
        var at = 0
        func take(_ n: Int) throws -> [UInt8] {
            guard at + n <= data.count else { throw TestSupport.SetupFailure(description: "synthetic.bin is truncated at \(at)") }
            defer { at += n }
            return [UInt8](data[at ..< at + n])
        }
        func int(_ n: Int) throws -> Int {
            try take(n).reversed().reduce(0) { $0 << 8 | Int($1) }
        }
        var records: [Record] = []
        while at < data.count {
            let id = try int(4)
            let label = String(decoding: try take(int(4)), as: UTF8.self)
            let count = try int(8)
            let raw = try take(int(8))
            let floats = try take(4 * count)
            let expected = (0..<count).map { i in
                Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(floats[4 * i + $1]) << (8 * UInt32($1)) })
            }
            let type = try #require(GGMLType(rawValue: UInt32(id)))
            records.append(Record(type: type, label: label, raw: raw, expected: expected))
        }
        return records
    }

    @Test func randomBlocksOfEveryTypeMatchGGUFPy() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("gguf-test-synthetic-\(getpid()).bin")
        defer { try? FileManager.default.removeItem(at: out) }
        try TestSupport.runPython("synthetic.py", [out.path])
        let records = try Self.readRecords(Data(contentsOf: out))
        #expect(records.count == 17)
        #expect(Set(records.map(\.type)) == Set(GGMLType.allCases.filter(\.canDequantize)))

        var writer = GGUFTestWriter()
        for (i, r) in records.enumerated() {
            // Two rows, so the row/element order of multi-dimensional tensors is exercised too.
            writer.tensors.append(TestTensor(name: "t\(i)", dims: [UInt64(r.expected.count / 2), 2],
                                             type: r.type.rawValue, data: r.raw))
        }
        let file = try GGUFFile(bytes: writer.bytes(), name: "synthetic-python.gguf")
        var report: [String] = []
        for (i, r) in records.enumerated() {
            let info = try #require(file.tensor(named: "t\(i)"))
            let values = try file.dequantize(info)
            let result = values.withUnsafeBufferPointer { mine in
                r.expected.withUnsafeBufferPointer { TestSupport.compare(mine, $0) }
            }
            #expect(result.mismatches == 0, "\(r.label): \(result.mismatches) of \(values.count) differ, max \(result.maxDiff)")
            report.append("\(r.label) \(result.maxDiff)")

            // The raw-buffer entry point must agree with the file path.
            var direct = [Float](repeating: .nan, count: r.expected.count)
            try r.raw.withUnsafeBytes { raw in
                try direct.withUnsafeMutableBufferPointer { try r.type.dequantize(raw, into: $0) }
            }
            #expect(TestSupport.firstDifference(direct, values) == nil, "\(r.label) via GGMLType.dequantize")
        }
        print("GGUF synthetic vs gguf-py, max |diff| per record: " + report.joined(separator: ", "))
    }
}
