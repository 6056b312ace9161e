// Block-quantized types, one short loop per block, in ggml's element order. Arithmetic is written as
// float32 operations in the same order as gguf-py's quants.py so results are bit-identical to it
// (Swift does not fuse a * b + c into an FMA unless asked). `n` is a multiple of the block size.

// Q4_0, 18 bytes per 32 elements:
//   d: f16 | qs: 16 bytes. Element j < 16 is the low nibble of qs[j], element j + 16 the high nibble.
//   y = d * (q - 8)
func dequantizeQ4_0(_ x: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    for b in 0..<n / 32 {
        let block = x + b * 18
        let out = y + b * 32
        let d = loadHalf(block, 0)
        for j in 0..<16 {
            let q = block.load(fromByteOffset: 2 + j, as: UInt8.self)
            out[j] = d * Float(Int32(q & 0x0F) - 8)
            out[j + 16] = d * Float(Int32(q >> 4) - 8)
        }
    }
}

// Q4_1, 20 bytes per 32 elements:
//   d: f16 | m: f16 | qs: 16 bytes, nibbles as in Q4_0.
//   y = d * q + m
func dequantizeQ4_1(_ x: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    for b in 0..<n / 32 {
        let block = x + b * 20
        let out = y + b * 32
        let d = loadHalf(block, 0)
        let m = loadHalf(block, 2)
        for j in 0..<16 {
            let q = block.load(fromByteOffset: 4 + j, as: UInt8.self)
            out[j] = d * Float(q & 0x0F) + m
            out[j + 16] = d * Float(q >> 4) + m
        }
    }
}

// Q5_0, 22 bytes per 32 elements:
//   d: f16 | qh: u32, bit j is bit 4 of element j | qs: 16 bytes of low nibbles as in Q4_0.
//   y = d * (q - 16)
func dequantizeQ5_0(_ x: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    for b in 0..<n / 32 {
        let block = x + b * 22
        let out = y + b * 32
        let d = loadHalf(block, 0)
        let qh = block.loadUnaligned(fromByteOffset: 2, as: UInt32.self)
        for j in 0..<16 {
            let q = UInt32(block.load(fromByteOffset: 6 + j, as: UInt8.self))
            let lo = (q & 0x0F) | ((qh >> UInt32(j)) & 1) << 4
            let hi = (q >> 4) | ((qh >> UInt32(j + 16)) & 1) << 4
            out[j] = d * Float(Int32(lo) - 16)
            out[j + 16] = d * Float(Int32(hi) - 16)
        }
    }
}

// Q5_1, 24 bytes per 32 elements:
//   d: f16 | m: f16 | qh: u32 (bit j = bit 4 of element j) | qs: 16 bytes of low nibbles.
//   y = d * q + m
func dequantizeQ5_1(_ x: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    for b in 0..<n / 32 {
        let block = x + b * 24
        let out = y + b * 32
        let d = loadHalf(block, 0)
        let m = loadHalf(block, 2)
        let qh = block.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
        for j in 0..<16 {
            let q = UInt32(block.load(fromByteOffset: 8 + j, as: UInt8.self))
            let lo = (q & 0x0F) | ((qh >> UInt32(j)) & 1) << 4
            let hi = (q >> 4) | ((qh >> UInt32(j + 16)) & 1) << 4
            out[j] = d * Float(lo) + m
            out[j + 16] = d * Float(hi) + m
        }
    }
}

// Q8_0, 34 bytes per 32 elements:
//   d: f16 | qs: 32 x int8.
//   y = q * d
func dequantizeQ8_0(_ x: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    for b in 0..<n / 32 {
        let block = x + b * 34
        let out = y + b * 32
        let d = loadHalf(block, 0)
        for j in 0..<32 {
            out[j] = Float(block.load(fromByteOffset: 2 + j, as: Int8.self)) * d
        }
    }
}

// Q6_K, 210 bytes per 256 elements (two halves of 128):
//   ql: 128 bytes of low 4 bits | qh: 64 bytes of high 2 bits | scales: 16 x int8 | d: f16.
//   In half h, for l in 0..<32 the four elements l, l+32, l+64, l+96 take:
//     low bits  ql[64h + l] & 0xF, ql[64h + l + 32] & 0xF, ql[64h + l] >> 4, ql[64h + l + 32] >> 4
//     high bits (qh[32h + l] >> 0, 2, 4, 6) & 3
//   Element i (0..<256) uses scales[i / 16]:  y = (d * scale) * (q - 32)
func dequantizeQ6_K(_ x: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    for b in 0..<n / 256 {
        let block = x + b * 210
        let d = loadHalf(block, 208)
        for h in 0..<2 {
            let ql = block + 64 * h
            let qh = block + 128 + 32 * h
            let scales = block + 192 + 8 * h
            let out = y + b * 256 + 128 * h
            for l in 0..<32 {
                let low = ql.load(fromByteOffset: l, as: UInt8.self)
                let low32 = ql.load(fromByteOffset: l + 32, as: UInt8.self)
                let high = qh.load(fromByteOffset: l, as: UInt8.self)
                let q0 = Int32((low & 0x0F) | ((high >> 0) & 3) << 4) - 32
                let q1 = Int32((low32 & 0x0F) | ((high >> 2) & 3) << 4) - 32
                let q2 = Int32((low >> 4) | ((high >> 4) & 3) << 4) - 32
                let q3 = Int32((low32 >> 4) | ((high >> 6) & 3) << 4) - 32
                let s = l / 16
                out[l] = d * Float(scales.load(fromByteOffset: s, as: Int8.self)) * Float(q0)
                out[l + 32] = d * Float(scales.load(fromByteOffset: s + 2, as: Int8.self)) * Float(q1)
                out[l + 64] = d * Float(scales.load(fromByteOffset: s + 4, as: Int8.self)) * Float(q2)
                out[l + 96] = d * Float(scales.load(fromByteOffset: s + 6, as: Int8.self)) * Float(q3)
            }
        }
    }
}

/// llama.cpp's get_scale_min_k4: the 6-bit scale and min of sub-block j (0..<8) from the 12 packed bytes at `s`.
///   j < 4:  scale = s[j] & 63,                            min = s[j + 4] & 63
///   j >= 4: scale = (s[j + 4] & 0xF) | (s[j - 4] >> 6) << 4,  min = (s[j + 4] >> 4) | (s[j] >> 6) << 4
@inline(__always)
func scaleMinK4(_ s: UnsafeRawPointer, _ j: Int) -> (scale: Float, min: Float) {
    if j < 4 {
        return (Float(s.load(fromByteOffset: j, as: UInt8.self) & 63),
                Float(s.load(fromByteOffset: j + 4, as: UInt8.self) & 63))
    }
    let packed = s.load(fromByteOffset: j + 4, as: UInt8.self)
    let scaleHigh = s.load(fromByteOffset: j - 4, as: UInt8.self) >> 6
    let minHigh = s.load(fromByteOffset: j, as: UInt8.self) >> 6
    return (Float((packed & 0x0F) | scaleHigh << 4), Float((packed >> 4) | minHigh << 4))
}

// Q4_K, 144 bytes per 256 elements (eight sub-blocks of 32):
//   d: f16 | dmin: f16 | scales: 12 bytes, eight 6-bit scales and mins (scaleMinK4) | qs: 128 bytes.
//   Sub-blocks 2c and 2c + 1 share qs[32c ..< 32c + 32]: element l of sub-block 2c is the low nibble
//   of qs[32c + l], element l of sub-block 2c + 1 its high nibble.
//   Element i uses sub-block j = i / 32:  y = (d * scale[j]) * q - dmin * min[j]
func dequantizeQ4_K(_ x: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    for b in 0..<n / 256 {
        let block = x + b * 144
        let d = loadHalf(block, 0)
        let dmin = loadHalf(block, 2)
        for c in 0..<4 {
            let (scale0, min0) = scaleMinK4(block + 4, 2 * c)
            let (scale1, min1) = scaleMinK4(block + 4, 2 * c + 1)
            let d0 = d * scale0, m0 = dmin * min0
            let d1 = d * scale1, m1 = dmin * min1
            let qs = block + 16 + 32 * c
            let out = y + b * 256 + 64 * c
            for l in 0..<32 {
                let q = qs.load(fromByteOffset: l, as: UInt8.self)
                out[l] = d0 * Float(q & 0x0F) - m0
                out[l + 32] = d1 * Float(q >> 4) - m1
            }
        }
    }
}

// Q5_K, 176 bytes per 256 elements (eight sub-blocks of 32):
//   d: f16 | dmin: f16 | scales: 12 bytes as in Q4_K | qh: 32 bytes | qs: 128 bytes of low nibbles as in Q4_K.
//   Bit 4 of element l of sub-block j is bit j of qh[l].
//   Element i uses sub-block j = i / 32:  y = (d * scale[j]) * q - dmin * min[j]
func dequantizeQ5_K(_ x: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    for b in 0..<n / 256 {
        let block = x + b * 176
        let d = loadHalf(block, 0)
        let dmin = loadHalf(block, 2)
        let qh = block + 16
        for c in 0..<4 {
            let (scale0, min0) = scaleMinK4(block + 4, 2 * c)
            let (scale1, min1) = scaleMinK4(block + 4, 2 * c + 1)
            let d0 = d * scale0, m0 = dmin * min0
            let d1 = d * scale1, m1 = dmin * min1
            let qs = block + 48 + 32 * c
            let out = y + b * 256 + 64 * c
            for l in 0..<32 {
                let q = qs.load(fromByteOffset: l, as: UInt8.self)
                let high = qh.load(fromByteOffset: l, as: UInt8.self)
                let lo = (q & 0x0F) | ((high >> UInt8(2 * c)) & 1) << 4
                let hi = (q >> 4) | ((high >> UInt8(2 * c + 1)) & 1) << 4
                out[l] = d0 * Float(lo) - m0
                out[l + 32] = d1 * Float(hi) - m1
            }
        }
    }
}
