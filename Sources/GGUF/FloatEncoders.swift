// Float32 to the unquantized types the writer stores, bit for bit as gguf-py converts them (numpy's
// `astype(np.float16)` for F16, `quants.BF16.quantize_blocks` for BF16), so a file written here holds
// the same bytes a Python converter would write for the same floats.

/// Float to IEEE half bits with round-to-nearest-even, as numpy's `npy_floatbits_to_halfbits` does:
/// too large becomes infinity, too small a signed zero, and NaN keeps its sign and the top 10 payload
/// bits (at least one, so it stays NaN; a signalling NaN is not made quiet).
///
/// Written with integer operations rather than `Float16(x)` because `Float16` is unavailable on
/// macOS x86_64 and quiets NaNs, which would differ from numpy.
@inline(__always)
func floatToHalf(_ x: Float) -> UInt16 {
    let bits = x.bitPattern
    let sign = UInt16(truncatingIfNeeded: bits >> 16) & 0x8000
    let magnitude = bits & 0x7FFF_FFFF
    if magnitude >= 0x7F80_0000 {
        // Infinity keeps mantissa 0; NaN keeps its payload's top bits, forced non-zero.
        let payload = UInt16(truncatingIfNeeded: (magnitude & 0x007F_FFFF) >> 13)
        return magnitude == 0x7F80_0000 ? sign | 0x7C00 : sign | 0x7C00 | max(payload, 1)
    }
    if magnitude >= 0x4780_0000 {
        // |x| >= 65536 overflows; 65520 ..< 65536 also does, through the rounding carry below.
        return sign | 0x7C00
    }
    if magnitude >= 0x3880_0000 {
        // A normal half: rebias the exponent from 127 to 15 (subtract 112 << 23), then round off 13 bits.
        // A carry out of the mantissa correctly bumps the exponent, up to infinity.
        let rebiased = magnitude - 0x3800_0000
        let rounded = (rebiased + 0x0FFF + ((rebiased >> 13) & 1)) >> 13
        return sign | UInt16(truncatingIfNeeded: rounded)
    }
    if magnitude <= 0x3300_0000 {
        // At most 2^-25, half the smallest subnormal: a tie at exactly 2^-25 goes to the even zero.
        return sign
    }
    // A subnormal half counts units of 2^-24; the float is (2^23 + mantissa) * 2^(exponent - 150).
    let exponent = magnitude >> 23
    let significand = 0x0080_0000 | (magnitude & 0x007F_FFFF)
    let shift = 126 - exponent // 14 ... 24 for exponents 112 ... 102
    let truncated = significand >> shift
    let remainder = significand & ((1 << shift) - 1)
    let halfway: UInt32 = 1 << (shift - 1)
    let roundsUp = remainder > halfway || (remainder == halfway && truncated & 1 == 1)
    // Rounding up from 0x3FF gives 0x400, the smallest normal half, which is correct.
    return sign | UInt16(truncatingIfNeeded: truncated + (roundsUp ? 1 : 0))
}

/// Float to bfloat16 bits as ggml's `ggml_compute_fp32_to_bf16` and gguf-py's BF16 quantizer do:
/// NaN becomes a quiet NaN keeping sign and the top payload bits, everything else rounds to nearest even
/// (so the largest finite floats round to infinity).
@inline(__always)
func floatToBFloat16(_ x: Float) -> UInt16 {
    var bits = x.bitPattern
    if bits & 0x7FFF_FFFF > 0x7F80_0000 {
        bits = (bits & 0xFFFF_0000) | 0x0040_0000
    }
    // Cannot overflow: the largest non-NaN pattern is 0xFF80_0000 and a quieted NaN has zero low bits.
    return UInt16(truncatingIfNeeded: (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16)
}

// Each encoder reads `n` floats at `x` and writes `n` elements at `y`; callers have checked both sizes.

// F16: IEEE binary16, 2 bytes per element.
func encodeF16(_ x: UnsafePointer<Float>, _ y: UnsafeMutableRawPointer, _ n: Int) {
    for i in 0..<n {
        y.storeBytes(of: floatToHalf(x[i]).littleEndian, toByteOffset: 2 * i, as: UInt16.self)
    }
}

// BF16: the rounded top 16 bits of the float32, 2 bytes per element.
func encodeBF16(_ x: UnsafePointer<Float>, _ y: UnsafeMutableRawPointer, _ n: Int) {
    for i in 0..<n {
        y.storeBytes(of: floatToBFloat16(x[i]).littleEndian, toByteOffset: 2 * i, as: UInt16.self)
    }
}

// F32: 4 bytes per element, already the stored format.
func encodeF32(_ x: UnsafePointer<Float>, _ y: UnsafeMutableRawPointer, _ n: Int) {
    y.copyMemory(from: x, byteCount: 4 * n)
}
