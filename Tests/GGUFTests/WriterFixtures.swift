import Foundation
import TestSupport
import Testing
@testable import GGUF

/// Shared inputs and independent expectations for the writer tests.
enum WriterFixtures {
    /// A fresh directory under the temporary directory, removed by the caller.
    static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gguf-writer-\(label)-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Finite values that exercise F16/BF16 rounding: signed zeros, infinities, half and float subnormals,
    /// the half overflow boundary, and exact rounding ties of both parities; then `count` scaled normals.
    static func values(_ count: Int, seed: UInt64) -> [Float] {
        var rng = TestRandom(seed: seed)
        let special: [Float] = [
            0, -0.0, .infinity, -.infinity, 1, -2.5, 65504, 65519.996, 65520, -65520, 1e-8, -6e-8, 0x1p-24, 0x1p-25,
            0x1.8p-25, Float(bitPattern: 1), -.leastNormalMagnitude, .greatestFiniteMagnitude,
            Float(bitPattern: 0x3F80_1000), Float(bitPattern: 0x3F80_3000), // F16 ties: round down (even), up (odd)
            Float(bitPattern: 0x3F80_8000), Float(bitPattern: 0x3F81_8000), // BF16 ties: round down (even), up (odd)
            Float(bitPattern: 0x7F7F_8000), Float(bitPattern: 0x7F7F_7FFF), // BF16 near overflow
        ]
        let scales: [Float] = [1, 0.02, 1e-5, 300]
        return special + (0..<count).map { i in rng.normal() * scales[i % scales.count] }
    }

    /// The float an F16 tensor reads back as: IEEE round-to-nearest-even through Swift's `Float16`, which is
    /// independent of the writer's integer conversion (non-NaN inputs only).
    static func asHalf(_ x: Float) -> Float {
        #if os(macOS) && arch(x86_64)
        // Float16 does not exist on Intel Macs; fall back to the writer's own conversion there.
        return halfToFloat(floatToHalf(x))
        #else
        return Float(Float16(x))
        #endif
    }

    /// The float a BF16 tensor reads back as, from the IEEE definition: compare |x| with the midpoint between
    /// the two neighbouring bfloat16 magnitudes, ties to the even one (non-NaN inputs only).
    static func asBFloat16(_ x: Float) -> Float {
        let bits = x.bitPattern
        let below = Float(bitPattern: bits & 0xFFFF_0000)
        guard bits & 0xFFFF != 0 else { return x }
        let midpoint = Float(bitPattern: (bits & 0xFFFF_0000) | 0x8000)
        // The next magnitude up; past the largest finite bfloat16 that is infinity, as IEEE overflow requires.
        let above = Float(bitPattern: (bits & 0xFFFF_0000) + 0x1_0000)
        if x.magnitude < midpoint.magnitude { return below }
        if x.magnitude > midpoint.magnitude { return above }
        return (bits >> 16) & 1 == 0 ? below : above
    }

    /// What a tensor of `type` holding `values` dequantizes to.
    static func expected(_ values: [Float], as type: GGMLType) -> [Float] {
        switch type {
        case .f16: values.map(asHalf)
        case .bf16: values.map(asBFloat16)
        default: values
        }
    }

    /// The bytes the writer must store for `values` as `type`.
    static func encoded(_ values: [Float], as type: GGMLType) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: values.count * type.bytesPerBlock)
        try values.withUnsafeBufferPointer { floats in
            try bytes.withUnsafeMutableBytes { try type.encode(floats, into: $0) }
        }
        return bytes
    }

    /// Metadata of every value type for files gguf-py must read: `MetadataTests.entries` without the nested
    /// array of mixed element types (gguf-py flattens nested arrays), with nested arrays of one leaf type.
    static let pythonEntries: [(String, GGUFValue)] =
        MetadataTests.entries.filter { $0.0 != "a.nested" && $0.0 != "general.alignment" } + [
            ("a.nested.i32", .array(.array([.int32([1, -2]), .int32([3])]))),
            ("a.nested.str", .array(.array([.string(["x", "yz"]), .string(["Ġ"])]))),
            // A quiet NaN: reference.py reads floats through Python's double, which would quiet a signalling one.
            ("f32.nan", .float32(Float(bitPattern: 0xFFC0_1234))),
            ("f64.nan", .float64(Double(bitPattern: 0xFFF8_0000_0000_0123))),
        ]
}
