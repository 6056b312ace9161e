import Foundation
import TestSupport
import Testing
@testable import GGUF

/// What Reference/read_written.py writes to written.json.
struct PyWritten: Decodable {
    struct Entry: Decodable {
        let key: String
        let type: String
        let elem_type: String?
        let leaf_type: String?
        let values: [String]
    }
    struct Tensor: Decodable {
        let name: String
        let dims: [Int]
        let numpy_shape: [Int]
        let type: UInt32
        let type_name: String
        let offset: Int
        let file_offset: Int
        let n_elements: Int
        let n_bytes: Int
        let data_start: Int
    }
    let version: UInt32
    let alignment: Int
    let data_offset: Int
    let file_size: Int
    let metadata: [Entry]
    let tensors: [Tensor]

    /// Runs read_written.py on `path`; returns its JSON and the tensors' raw bytes (memory-mapped).
    static func read(_ path: String, scratch: URL) throws -> (PyWritten, Data) {
        let out = scratch.appendingPathComponent("py")
        try TestSupport.runPython("read_written.py", [path, out.path])
        let json = try JSONDecoder().decode(PyWritten.self, from: Data(contentsOf: out.appendingPathComponent("written.json")))
        return (json, try Data(contentsOf: out.appendingPathComponent("data.bin"), options: .alwaysMapped))
    }

    /// A value as read_written.py encodes it: reference.py's encoding, nested arrays flattened to their leaves,
    /// and no element type for empty arrays (gguf-py cannot see one).
    static func canonical(_ value: GGUFValue) -> (type: String, elemType: String?, leafType: String?, values: [String]) {
        guard case .array(let array) = value else {
            let c = RealFileReference.canonical(value)
            return (c.type, c.elemType, nil, c.values)
        }
        if array.count == 0 { return ("ARRAY", nil, nil, []) }
        guard case .array = array else {
            let c = RealFileReference.canonical(value)
            return (c.type, c.elemType, nil, c.values)
        }
        let leaves = leafArrays(array)
        let flat = leaves.flatMap { RealFileReference.canonical(.array($0)).values }
        return ("ARRAY", "ARRAY", leaves.first?.elementType.description, flat)
    }

    /// The innermost (non-array) arrays of a nested array, in file order.
    static func leafArrays(_ array: GGUFArray) -> [GGUFArray] {
        guard case .array(let inner) = array else { return [array] }
        return inner.flatMap(leafArrays)
    }
}

/// Files written by GGUFWriter read by gguf-py, and the F16/BF16 conversion checked against gguf-py's own.
struct WriterPythonTests {
    @Test func ggufPyReadsEveryEntryAndTensorAsWritten() throws {
        let dir = try WriterFixtures.temporaryDirectory("python")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (tensors, values) = try WriterRoundTripTests.writer(alignment: 64, seed: 7)
        var writer = tensors
                for (key, value) in WriterFixtures.pythonEntries { try writer.set(key, value) }
        let path = dir.appendingPathComponent("written.gguf").path
        try writer.write(to: path)
        let (py, data) = try PyWritten.read(path, scratch: dir)

        let file = try GGUFFile(path: path)
        #expect(py.version == 3)
        #expect(py.alignment == 64)
        #expect(py.data_offset == file.dataOffset)
        #expect(py.file_size == file.byteCount)
        // The writer declares the non-default alignment itself, after the entries that were set.
        let keys = WriterFixtures.pythonEntries.map(\.0) + ["general.alignment"]
        #expect(py.metadata.map(\.key) == keys)
        let expected = Dictionary(uniqueKeysWithValues: WriterFixtures.pythonEntries + [("general.alignment", .uint32(64))])
        for entry in py.metadata {
            let value = try #require(expected[entry.key])
            let mine = PyWritten.canonical(value)
            #expect(entry.type == mine.type, "\(entry.key)")
            #expect(entry.elem_type == mine.elemType, "\(entry.key)")
            #expect(entry.leaf_type == mine.leafType, "\(entry.key)")
            #expect(entry.values == mine.values, "\(entry.key): gguf-py \(entry.values.prefix(4)), wrote \(mine.values.prefix(4))")
        }

        #expect(py.tensors.map(\.name) == WriterRoundTripTests.layouts.map(\.name))
        for (tensor, layout) in zip(py.tensors, WriterRoundTripTests.layouts) {
            let v = try #require(values[layout.name])
            #expect(tensor.numpy_shape == layout.shape, "\(layout.name): gguf-py's NumPy shape")
            #expect(tensor.dims == layout.shape.reversed(), "\(layout.name): ne order")
            #expect(tensor.type == layout.type.rawValue && tensor.type_name == layout.type.name)
            #expect(tensor.n_elements == v.count)
            #expect(tensor.offset % 64 == 0 && tensor.file_offset == py.data_offset + tensor.offset)
            let raw = [UInt8](data[tensor.data_start ..< tensor.data_start + tensor.n_bytes])
            #expect(raw == (try WriterFixtures.encoded(v, as: layout.type)), "\(layout.name) bytes")
        }
    }

    /// Inputs for the conversion check: uniformly random bit patterns (NaNs with every payload, infinities,
    /// subnormals, values out of half range), random values in and around the half range, exact rounding ties
    /// for F16 (normal and subnormal) and BF16, and hand-picked boundaries.
    static func conversionInputs() -> [Float] {
        var rng = TestRandom(seed: 20_260_207)
        var bits: [UInt32] = [
            0x0000_0000, 0x8000_0000, 0x7F80_0000, 0xFF80_0000, 0x0000_0001, 0x8000_0001, 0x007F_FFFF, 0x0080_0000,
            0x7F80_0001, 0xFF80_0001, 0x7FC0_0000, 0xFFC0_0000, 0x7FFF_FFFF, 0xFFFF_FFFF, 0x7FA0_0000, 0x7F80_2000,
            0x7F80_1FFF, 0x7FBF_FFFF, 0x7F7F_FFFF, 0xFF7F_FFFF, 0x7F7F_8000, 0x7F7E_8000, 0x7F7F_7FFF,
            0x477F_E000, 0x477F_EFFF, 0x477F_F000, 0x477F_F001, 0x4780_0000, 0xC77F_F000, // around 65504 and 65520
            0x3880_0000, 0x387F_FFFF, 0x387F_F000, 0x387F_E000, 0x3380_0000, 0x3300_0000, 0x3300_0001, 0x32FF_FFFF,
            0xB300_0000, 0xB300_0001, 0x33C0_0000, 0x3340_0000,
        ]
        for _ in 0..<10_000 { bits.append(UInt32.random(in: 0...UInt32.max, using: &rng)) }
        for _ in 0..<10_000 {
            // Exponents 98...146 cover float values just below the smallest half subnormal to past the half maximum.
            let exponent = UInt32.random(in: 98...146, using: &rng)
            bits.append(UInt32.random(in: 0...1, using: &rng) << 31 | exponent << 23 | UInt32.random(in: 0 ..< 1 << 23, using: &rng))
        }
        for _ in 0..<2_000 {
            let upper = UInt32.random(in: 0...UInt32.max, using: &rng)
            bits.append((upper & 0xFFFF_E000) | 0x1000) // an F16 tie for normal halves
            bits.append((upper & 0xFFFF_0000) | 0x8000) // a BF16 tie
        }
        for k in 0..<1024 {
            // (k + 1/2) * 2^-24: a tie between two subnormal halves, exactly representable in float.
            let tie = (Float(k) + 0.5) * 0x1p-24
            bits.append(tie.bitPattern)
            bits.append((-tie).bitPattern)
        }
        return bits.map(Float.init(bitPattern:))
    }

    /// Little-endian byte pairs as 16-bit patterns.
    static func halves(_ bytes: [UInt8]) -> [UInt16] {
        stride(from: 0, to: bytes.count, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }
    }

    @Test func f16AndBF16MatchGGUFPyBitForBit() throws {
        let dir = try WriterFixtures.temporaryDirectory("convert")
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = Self.conversionInputs()
        #expect(inputs.count > 25_000)
        let input = dir.appendingPathComponent("in.f32"), output = dir.appendingPathComponent("out.bin")
        try Data(WriterFixtures.encoded(inputs, as: .f32)).write(to: input)
        try TestSupport.runPython("convert_reference.py", [input.path, output.path])
        let reference = try Data(contentsOf: output)
        try #require(reference.count == 4 * inputs.count)

        for (type, start) in [(GGMLType.f16, 0), (.bf16, 2 * inputs.count)] {
            let mine = Self.halves(try WriterFixtures.encoded(inputs, as: type))
            let theirs = Self.halves([UInt8](reference[start ..< start + 2 * inputs.count]))
            let differing = inputs.indices.filter { mine[$0] != theirs[$0] }
            let shown: [String] = differing.prefix(5).map { i in
                "0x\(String(inputs[i].bitPattern, radix: 16)): ours 0x\(String(mine[i], radix: 16)), gguf-py 0x\(String(theirs[i], radix: 16))"
            }
            #expect(differing.isEmpty, "\(type): \(differing.count) of \(inputs.count) differ, e.g. \(shown)")
        }
        let nans = inputs.filter(\.isNaN).count, subnormal = inputs.filter { $0 != 0 && $0.magnitude < 0x1p-14 }.count
        print("GGUF writer: \(inputs.count) floats (\(nans) NaN, \(subnormal) below the smallest normal half) converted "
            + "to F16 and BF16 bit-identically to gguf-py")
    }
}
