/// Block encoders written element by element from the ggml layout description, the inverse of the
/// reader's kernels; if both shared a misreading of a layout, SyntheticPythonTests would catch it.
enum HandBlocks {
    /// Q4_0 / Q4_1 nibbles: element i < 16 is the low nibble of byte i, element i >= 16 the high nibble of byte i - 16.
    static func nibbles(_ q: [UInt8]) -> [UInt8] {
        precondition(q.count == 32 && q.allSatisfy { $0 < 16 })
        var qs = [UInt8](repeating: 0, count: 16)
        for i in 0..<32 { qs[i % 16] |= q[i] << (i < 16 ? 0 : 4) }
        return qs
    }

    static func q4_0(d: UInt16, _ q: [UInt8]) -> [UInt8] { Bytes.u16(d) + nibbles(q) }

    static func q4_1(d: UInt16, m: UInt16, _ q: [UInt8]) -> [UInt8] { Bytes.u16(d) + Bytes.u16(m) + nibbles(q) }

    /// Q5: bit 4 of element i goes to bit i of a little-endian u32; the low 4 bits are packed as in Q4.
    static func fifthBits(_ q: [UInt8]) -> [UInt8] {
        precondition(q.count == 32 && q.allSatisfy { $0 < 32 })
        var qh: UInt32 = 0
        for i in 0..<32 where q[i] & 16 != 0 { qh |= 1 << UInt32(i) }
        return Bytes.u32(qh) + nibbles(q.map { $0 & 15 })
    }

    static func q5_0(d: UInt16, _ q: [UInt8]) -> [UInt8] { Bytes.u16(d) + fifthBits(q) }

    static func q5_1(d: UInt16, m: UInt16, _ q: [UInt8]) -> [UInt8] { Bytes.u16(d) + Bytes.u16(m) + fifthBits(q) }

    static func q8_0(d: UInt16, _ q: [Int8]) -> [UInt8] { Bytes.u16(d) + q.map { UInt8(bitPattern: $0) } }

    /// Q6_K: element i = 128h + r. Low 4 bits: byte 64h + r % 64 of ql, nibble r / 64.
    /// High 2 bits: byte 32h + r % 32 of qh, bit pair r / 32. Then 16 int8 scales, then d.
    static func q6_K(d: UInt16, scales: [Int8], _ q: [UInt8]) -> [UInt8] {
        precondition(q.count == 256 && scales.count == 16 && q.allSatisfy { $0 < 64 })
        var ql = [UInt8](repeating: 0, count: 128)
        var qh = [UInt8](repeating: 0, count: 64)
        for i in 0..<256 {
            let h = i / 128, r = i % 128
            ql[64 * h + r % 64] |= (q[i] & 15) << (4 * UInt8(r / 64))
            qh[32 * h + r % 32] |= (q[i] >> 4) << (2 * UInt8(r / 32))
        }
        return ql + qh + scales.map { UInt8(bitPattern: $0) } + Bytes.u16(d)
    }

    /// K-quant scales and mins (llama.cpp get_scale_min_k4, inverted): eight 6-bit scales and eight 6-bit mins
    /// in 12 bytes. j < 4: scale j is the low 6 bits of byte j, min j the low 6 bits of byte j + 4.
    /// j >= 4: byte j + 4 holds the low 4 bits of scale j (low nibble) and of min j (high nibble); their top
    /// 2 bits go to the top 2 bits of byte j - 4 (scale) and byte j (min).
    static func scalesAndMinsK4(_ scales: [UInt8], _ mins: [UInt8]) -> [UInt8] {
        precondition(scales.count == 8 && mins.count == 8 && (scales + mins).allSatisfy { $0 < 64 })
        var packed = [UInt8](repeating: 0, count: 12)
        for j in 0..<4 {
            packed[j] |= scales[j]
            packed[j + 4] |= mins[j]
        }
        for j in 4..<8 {
            packed[j + 4] = (scales[j] & 15) | (mins[j] & 15) << 4
            packed[j - 4] |= (scales[j] >> 4) << 6
            packed[j] |= (mins[j] >> 4) << 6
        }
        return packed
    }

    /// K-quant low nibbles: element i = 32j + l (sub-block j) goes to byte 32 * (j / 2) + l, low nibble for even j.
    static func nibblesK(_ q: [UInt8]) -> [UInt8] {
        precondition(q.count == 256 && q.allSatisfy { $0 < 16 })
        var qs = [UInt8](repeating: 0, count: 128)
        for i in 0..<256 { qs[32 * (i / 64) + i % 32] |= q[i] << (4 * UInt8(i / 32 % 2)) }
        return qs
    }

    /// Q4_K: d, dmin, the packed scales and mins, then nibblesK.
    static func q4_K(d: UInt16, dmin: UInt16, scales: [UInt8], mins: [UInt8], _ q: [UInt8]) -> [UInt8] {
        Bytes.u16(d) + Bytes.u16(dmin) + scalesAndMinsK4(scales, mins) + nibblesK(q)
    }

    /// Q5_K: as Q4_K with qh (32 bytes) before the nibbles; bit 4 of element 32j + l is bit j of qh[l].
    static func q5_K(d: UInt16, dmin: UInt16, scales: [UInt8], mins: [UInt8], _ q: [UInt8]) -> [UInt8] {
        precondition(q.count == 256 && q.allSatisfy { $0 < 32 })
        var qh = [UInt8](repeating: 0, count: 32)
        for i in 0..<256 { qh[i % 32] |= (q[i] >> 4) << UInt8(i / 32) }
        return Bytes.u16(d) + Bytes.u16(dmin) + scalesAndMinsK4(scales, mins) + qh + nibblesK(q.map { $0 & 15 })
    }
}
