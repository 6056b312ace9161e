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

        let scales: [Int8] = [-128, -7, -1, 0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 127, -64]
        let q6a = (0..<256).map { UInt8(($0 * 37 + 11) % 64) }, q6b = (0..<256).map { UInt8($0 * 13 % 64) }
        let q6Data = HandBlocks.q6_K(d: half, scales: scales, q6a) + HandBlocks.q6_K(d: minusOne, scales: scales.reversed(), q6b)
        var q6Values: [Float] = []
        for i in 0..<256 { q6Values.append(0.5 * Float(scales[i / 16]) * (Float(q6a[i]) - 32)) }
        for i in 0..<256 { q6Values.append(-1 * Float(scales[15 - i / 16]) * (Float(q6b[i]) - 32)) }
        cases.append((TestTensor(name: "q6_K", dims: [256, 2], type: 14, data: q6Data), q6Values))
        return cases
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
