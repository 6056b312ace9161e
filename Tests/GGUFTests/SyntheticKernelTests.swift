import Testing
@testable import GGUF

/// Hand-made blocks of every supported type in one in-memory GGUF file, with expected values from the
/// element-level formulas. All expectations are small integers times powers of two, so they are exact.
struct SyntheticKernelTests {
    static let one: UInt16 = 0x3C00, half: UInt16 = 0x3800, quarter: UInt16 = 0x3400
    static let minusOne: UInt16 = 0xBC00, minusQuarter: UInt16 = 0xB400, two: UInt16 = 0x4000

    static func cases() -> [(tensor: TestTensor, expected: [Float])] {
        var cases: [(TestTensor, [Float])] = []
        let f32: [Float] = [1.5, -2, 0, -0.0, .infinity, Float(bitPattern: 0x0023_6E8C), .greatestFiniteMagnitude, -7]
        cases.append((TestTensor(name: "f32", dims: [4, 2], type: 0, data: Bytes.f32(f32)), f32))

        let f16: [UInt16] = [0x3C00, 0xC000, 0x0001, 0x8000, 0x7BFF, 0x7C00, 0xFC00, 0x03FF]
        let f16Values: [Float] = [1, -2, 0x1p-24, -0.0, 65504, .infinity, -.infinity, 1023 * 0x1p-24]
        cases.append((TestTensor(name: "f16", dims: [8], type: 1, data: f16.flatMap(Bytes.u16)), f16Values))

        let bf16: [UInt16] = [0x3F80, 0xC040, 0x0001, 0x8000, 0x7F80, 0x4049]
        let bf16Values: [Float] = [1, -3, Float(bitPattern: 0x0001_0000), -0.0, .infinity, 3.140625]
        cases.append((TestTensor(name: "bf16", dims: [6], type: 30, data: bf16.flatMap(Bytes.u16)), bf16Values))

        let q40a = (0..<32).map { UInt8($0 % 16) }, q40b = (0..<32).map { UInt8(15 - $0 % 16) }
        cases.append((TestTensor(name: "q4_0", dims: [64], type: 2,
                                 data: HandBlocks.q4_0(d: quarter, q40a) + HandBlocks.q4_0(d: minusOne, q40b)),
                       q40a.map { 0.25 * (Float($0) - 8) } + q40b.map { -1 * (Float($0) - 8) }))

        let q41 = (0..<32).map { UInt8($0 * 7 % 16) }
        cases.append((TestTensor(name: "q4_1", dims: [32], type: 3, data: HandBlocks.q4_1(d: half, m: minusOne, q41)),
                      q41.map { 0.5 * Float($0) - 1 }))

        let q50 = (0..<32).map { UInt8(($0 * 5 + 3) % 32) }
        cases.append((TestTensor(name: "q5_0", dims: [32], type: 6, data: HandBlocks.q5_0(d: half, q50)),
                      q50.map { 0.5 * (Float($0) - 16) }))

        let q51 = (0..<32).map { UInt8(31 - $0) }
        cases.append((TestTensor(name: "q5_1", dims: [32], type: 7, data: HandBlocks.q5_1(d: quarter, m: two, q51)),
                      q51.map { 0.25 * Float($0) + 2 }))

        let q8a = (0..<32).map { Int8($0 * 8 - 128) }, q8b = (0..<32).map { Int8(127 - $0 * 3) }
        cases.append((TestTensor(name: "q8_0", dims: [32, 2], type: 8,
                                 data: HandBlocks.q8_0(d: half, q8a) + HandBlocks.q8_0(d: minusQuarter, q8b)),
                      q8a.map { Float($0) * 0.5 } + q8b.map { Float($0) * -0.25 }))

        // K-quant scales and mins all differ from each other at every sub-block, in their low and their high bits,
        // and q differs between sub-blocks, so a swapped scale/min, bit source or nibble order changes the values.
        let kScales: [UInt8] = [1, 63, 17, 32, 5, 48, 33, 62], kMins: [UInt8] = [0, 42, 60, 21, 63, 16, 2, 47]
        let q4Ka = Self.kPattern(11, 5, 16), q4Kb = Self.kPattern(7, 1, 16).map { 15 - $0 }
        let q4KData = HandBlocks.q4_K(d: half, dmin: quarter, scales: kScales, mins: kMins, q4Ka)
            + HandBlocks.q4_K(d: two, dmin: minusQuarter, scales: kScales.reversed(), mins: kMins.reversed(), q4Kb)
        var q4KValues: [Float] = []
        for i in 0..<256 { q4KValues.append(0.5 * Float(kScales[i / 32]) * Float(q4Ka[i]) - 0.25 * Float(kMins[i / 32])) }
        for i in 0..<256 { q4KValues.append(2 * Float(kScales[7 - i / 32]) * Float(q4Kb[i]) + 0.25 * Float(kMins[7 - i / 32])) }
        cases.append((TestTensor(name: "q4_K", dims: [512], type: 12, data: q4KData), q4KValues))

        let q5Ka = Self.kPattern(19, 7, 32), q5Kb = Self.kPattern(13, 1, 32).map { 31 - $0 }
        let q5KData = HandBlocks.q5_K(d: quarter, dmin: minusOne, scales: kMins, mins: kScales, q5Ka)
            + HandBlocks.q5_K(d: minusOne, dmin: half, scales: kScales.reversed(), mins: kMins.reversed(), q5Kb)
        var q5KValues: [Float] = []
        for i in 0..<256 { q5KValues.append(0.25 * Float(kMins[i / 32]) * Float(q5Ka[i]) + 1 * Float(kScales[i / 32])) }
        for i in 0..<256 { q5KValues.append(-1 * Float(kScales[7 - i / 32]) * Float(q5Kb[i]) - 0.5 * Float(kMins[7 - i / 32])) }
        cases.append((TestTensor(name: "q5_K", dims: [256, 2], type: 13, data: q5KData), q5KValues))

        let scales: [Int8] = [-128, -7, -1, 0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 127, -64]
        let q6a = (0..<256).map { UInt8(($0 * 37 + 11) % 64) }, q6b = (0..<256).map { UInt8($0 * 13 % 64) }
        let q6Data = HandBlocks.q6_K(d: half, scales: scales, q6a) + HandBlocks.q6_K(d: minusOne, scales: scales.reversed(), q6b)
        var q6Values: [Float] = []
        for i in 0..<256 { q6Values.append(0.5 * Float(scales[i / 16]) * (Float(q6a[i]) - 32)) }
        for i in 0..<256 { q6Values.append(-1 * Float(scales[15 - i / 16]) * (Float(q6b[i]) - 32)) }
        cases.append((TestTensor(name: "q6_K", dims: [256, 2], type: 14, data: q6Data), q6Values))
        return cases
    }

    /// 256 quants below `limit` whose sequence shifts by `offset` from one 32-element sub-block to the next.
    static func kPattern(_ step: Int, _ offset: Int, _ limit: Int) -> [UInt8] {
        (0..<256).map { (i: Int) -> UInt8 in UInt8((i * step + i / 32 * offset) % limit) }
    }

    @Test func everySupportedTypeDecodesHandMadeBlocks() throws {
        let cases = Self.cases()
        var writer = GGUFTestWriter()
        writer.tensors = cases.map(\.tensor)
        let file = try GGUFFile(bytes: writer.bytes(), name: "synthetic.gguf")
        #expect(file.tensors.count == cases.count)
        for (tensor, expected) in cases {
            let info = try #require(file.tensor(named: tensor.name))
            #expect(info.type.rawValue == tensor.type)
            #expect(info.dimensions == tensor.dims.map(Int.init))
            #expect(info.elementCount == expected.count)
            #expect(info.byteCount == tensor.data.count)
            #expect(file.withRawBytes(of: info) { Array($0) } == tensor.data, "\(tensor.name) raw bytes")
            let values = try file.dequantize(info)
            #expect(TestSupport.firstDifference(values, expected) == nil, "\(tensor.name)")
            var buffer = [Float](repeating: .nan, count: expected.count)
            try buffer.withUnsafeMutableBufferPointer { try file.dequantize(info, into: $0) }
            #expect(TestSupport.firstDifference(buffer, expected) == nil, "\(tensor.name) into buffer")
        }
        let covered = Set(file.tensors.map(\.type))
        #expect(covered == Set(GGMLType.allCases.filter(\.canDequantize)))
    }

    @Test func halfNaNsStayNaNAndBecomeQuiet() {
        for bits: UInt16 in [0x7E00, 0x7C01, 0xFE00, 0xFDFF] {
            let f = halfToFloat(bits)
            #expect(f.isNaN && !f.isSignalingNaN, "0x\(String(bits, radix: 16)) -> \(f.bitPattern)")
            #expect(f.sign == (bits & 0x8000 != 0 ? .minus : .plus))
        }
    }

    #if !(os(macOS) && arch(x86_64))
    @Test func halfToFloatMatchesFloat16ForAllNonNaNInputs() {
        var checked = 0
        for bits in 0...UInt16.max {
            let reference = Float(Float16(bitPattern: bits))
            if reference.isNaN { continue }
            #expect(halfToFloat(bits).bitPattern == reference.bitPattern, "0x\(String(bits, radix: 16))")
            checked += 1
        }
        #expect(checked == 65536 - 2046)
    }
    #endif
}
