import Foundation
import Testing
@testable import GGUF

/// SmolLM2-135M-Instruct Q4_1 checked against gguf-py: metadata, tensor infos and every dequantized element.
@Suite(.serialized)
struct RealFileTests {
    @Test func metadataMatchesGGUFPy() throws {
        let ref = try RealFileReference.shared.get()
        let file = ref.file
        #expect(file.version == ref.python.version)
        #expect(file.alignment == ref.python.alignment)
        #expect(file.dataOffset == ref.python.data_offset)
        #expect(file.byteCount == ref.python.file_size)
        #expect(file.metadataKeys == ref.python.metadata.map(\.key))
        #expect(file.metadata.count == ref.python.metadata.count)
        var compared = 0
        for entry in ref.python.metadata {
            let value = try #require(file.metadata[entry.key], "missing key \(entry.key)")
            let mine = RealFileReference.canonical(value)
            #expect(mine.type == entry.type, "\(entry.key)")
            #expect(mine.elemType == entry.elem_type, "\(entry.key)")
            #expect(mine.values == entry.values, "\(entry.key): \(mine.values.prefix(3)) vs \(entry.values.prefix(3))")
            compared += mine.values.count
        }
        print("GGUF reference: compared \(ref.python.metadata.count) metadata keys, \(compared) scalar values exactly")

        // Facts from the model card, so a broken reference script cannot make this pass vacuously.
        #expect(try file.architecture() == "llama")
        #expect(try file.string("tokenizer.ggml.model") == "gpt2")
        #expect(try file.stringArray("tokenizer.ggml.tokens").count == 49_152)
        #expect(try file.stringArray("tokenizer.ggml.merges").count == 48_900)
        #expect(try file.integerArray("tokenizer.ggml.token_type").count == 49_152)
        #expect(try file.integer("tokenizer.ggml.bos_token_id") == 1)
        #expect(try file.integer("tokenizer.ggml.eos_token_id") == 2)
        #expect(try file.integer("llama.embedding_length") == 576)
        #expect(try file.float("llama.rope.freq_base") == 100_000)
        #expect(try file.bool("tokenizer.ggml.add_bos_token") == false)
    }

    @Test func tensorInfosMatchGGUFPy() throws {
        let ref = try RealFileReference.shared.get()
        let file = ref.file
        #expect(file.tensors.count == 272)
        #expect(file.tensors.count == ref.python.tensors.count)
        for (mine, py) in zip(file.tensors, ref.python.tensors) {
            #expect(mine.name == py.name)
            #expect(mine.dimensions == py.dims, "\(py.name)")
            #expect(mine.type.rawValue == py.type, "\(py.name)")
            #expect(mine.offset == py.offset, "\(py.name)")
            #expect(mine.fileOffset == py.file_offset, "\(py.name)")
            #expect(mine.elementCount == py.n_elements, "\(py.name)")
            #expect(mine.byteCount == py.n_bytes, "\(py.name)")
            #expect(file.tensor(named: py.name) == mine)
        }
        let counts = Dictionary(grouping: file.tensors, by: \.type).mapValues(\.count)
        #expect(counts == [.q4_1: 210, .q8_0: 1, .f32: 61])
        #expect(file.tensor(named: "token_embd.weight")?.type == .q8_0)
        #expect(file.tensor(named: "token_embd.weight")?.dimensions == [576, 49_152])
    }

    @Test func everyDequantizedElementMatchesGGUFPy() throws {
        let ref = try RealFileReference.shared.get()
        let file = ref.file
        let total = ref.python.tensors.reduce(0) { $0 + $1.n_elements }
        try #require(ref.values.count == total * 4, "values.f32 has \(ref.values.count) bytes, expected \(total * 4)")
        var start = 0
        var maxDiff = 0.0
        var mismatches = 0
        var maxByType: [GGMLType: Double] = [:]
        ref.values.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let all = raw.bindMemory(to: Float.self)
            for tensor in file.tensors {
                let expected = UnsafeBufferPointer(rebasing: all[start ..< start + tensor.elementCount])
                start += tensor.elementCount
                do {
                    let mine = try file.dequantize(tensor)
                    let result = mine.withUnsafeBufferPointer { TestSupport.compare($0, expected) }
                    #expect(result.mismatches == 0, "\(tensor.name) (\(tensor.type)): \(result.mismatches) elements differ, max \(result.maxDiff)")
                    maxDiff = max(maxDiff, result.maxDiff)
                    maxByType[tensor.type] = max(maxByType[tensor.type] ?? 0, result.maxDiff)
                    mismatches += result.mismatches
                } catch {
                    Issue.record("\(tensor.name): \(error)")
                }
            }
        }
        #expect(start == total)
        #expect(maxDiff == 0)
        #expect(mismatches == 0)
        let perType = maxByType.map { "\($0.key) \($0.value)" }.sorted().joined(separator: ", ")
        print("GGUF reference: \(file.tensors.count) tensors, \(total) elements compared bit for bit; "
            + "mismatches \(mismatches), max |diff| \(maxDiff) (\(perType))")
    }

    @Test func ggmlTypeTableMatchesGGUFPy() throws {
        let ref = try RealFileReference.shared.get()
        for row in ref.python.ggml_types {
            let type = try #require(GGMLType(rawValue: row.id), "gguf-py has \(row.name) = \(row.id), Swift does not")
            #expect(type.name == row.name)
            #expect(type.blockSize == row.block, "\(row.name)")
            #expect(type.bytesPerBlock == row.bytes, "\(row.name)")
        }
        #expect(GGMLType.allCases.count == ref.python.ggml_types.count)
    }

    @Test func parseAndDequantizeWholeFileInTime() throws {
        guard FileManager.default.fileExists(atPath: TestSupport.smolPath) else {
            throw TestSupport.SetupFailure(description: TestSupport.smolHowTo)
        }
        let (file, parse) = try TestSupport.seconds { try GGUFFile(path: TestSupport.smolPath) }
        let (elements, dequant) = try TestSupport.seconds {
            var n = 0
            for tensor in file.tensors { n += try file.dequantize(tensor).count }
            return n
        }
        let largest = file.tensors.map(\.elementCount).max() ?? 0
        let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: largest)
        defer { buffer.deallocate() }
        let (_, reused) = try TestSupport.seconds {
            for tensor in file.tensors {
                try file.dequantize(tensor, into: UnsafeMutableBufferPointer(rebasing: buffer[0 ..< tensor.elementCount]))
            }
        }
        print(String(format: "GGUF timing: parse %.1f ms; dequantize all %d tensors (%d elements) to [Float] %.3f s, "
            + "into one reused buffer %.3f s", parse * 1000, file.tensors.count, elements, dequant, reused))
        #expect(elements == 134_515_008)
        #expect(parse < 1.0)
        #expect(dequant < 2.0)
    }
}
