import Foundation
import Testing
@testable import GGUF

/// Q4_K and Q5_K tensors in a GGUF file written by gguf-py's GGUFWriter (Reference/kquant_file.py), read from disk
/// and dequantized by the Swift reader, element for element equal to gguf-py's dequantization of the same file.
struct KQuantFileTests {
    @Test func kQuantTensorsOfAGGUFPyFileMatchGGUFPy() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gguf-test-kquant-\(getpid())")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("kquant.gguf").path
        let valuesPath = dir.appendingPathComponent("values.f32")
        try TestSupport.runPython("kquant_file.py", [path, valuesPath.path])

        let file = try GGUFFile(path: path)
        #expect(try file.architecture() == "llama")
        #expect(file.tensors.map(\.name) == ["blk.0.ffn_down.weight", "blk.0.attn_norm.weight", "blk.0.ffn_up.weight",
                                             "blk.1.ffn_down.weight"])
        #expect(file.tensors.map(\.type) == [.q4_K, .f32, .q5_K, .q4_K])
        #expect(file.tensors.map(\.dimensions) == [[512, 16], [7], [768, 4, 3], [256, 8]])
        #expect(file.tensors.map(\.byteCount) == [32 * 144, 7 * 4, 36 * 176, 8 * 144])

        let expected = try Data(contentsOf: valuesPath)
        let total = file.tensors.reduce(0) { $0 + $1.elementCount }
        try #require(expected.count == total * 4, "values.f32 has \(expected.count) bytes, expected \(total * 4)")
        var start = 0
        var report: [String] = []
        try expected.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let all = raw.bindMemory(to: Float.self)
            for tensor in file.tensors {
                let reference = UnsafeBufferPointer(rebasing: all[start ..< start + tensor.elementCount])
                start += tensor.elementCount
                let mine = try file.dequantize(tensor)
                let result = mine.withUnsafeBufferPointer { TestSupport.compare($0, reference) }
                #expect(result.mismatches == 0, "\(tensor.name) (\(tensor.type)): \(result.mismatches) of \(mine.count) differ, max \(result.maxDiff)")
                report.append("\(tensor.name) \(tensor.type) \(result.maxDiff)")
            }
        }
        print("GGUF K-quant file vs gguf-py, max |diff| per tensor: " + report.joined(separator: ", "))
    }
}
