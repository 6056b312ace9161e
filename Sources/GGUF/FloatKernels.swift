// Unquantized element types. Every kernel takes `n` elements at `x` and writes `n` floats at `y`;
// callers have already checked both sizes, so the loops index raw pointers without bounds checks.

#if _endian(big)
#error("GGUF kernels read little-endian data with plain loads; big-endian hosts are not supported.")
#endif

/// IEEE half to float, exact for every input (all halves are representable as floats).
@inline(__always)
func halfToFloat(_ h: UInt16) -> Float {
    let sign = UInt32(h & 0x8000) << 16
    let exponent = UInt32(h >> 10) & 0x1F
    let mantissa = UInt32(h & 0x03FF)
    if exponent == 0x1F {
        // Inf keeps mantissa 0; NaN keeps its payload and is made quiet, as the F16C/NEON instructions do.
        return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13) | (mantissa != 0 ? 0x0040_0000 : 0))
    }
    if exponent == 0 {
        // Zero or subnormal: mantissa * 2^-24, exact in float.
        let magnitude = Float(mantissa) * 0x1p-24
        return sign != 0 ? -magnitude : magnitude
    }
    // Normal: rebias the exponent from 15 to 127.
    return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
}

/// Reads the little-endian half at byte `offset` of `p` as a float.
@inline(__always)
func loadHalf(_ p: UnsafeRawPointer, _ offset: Int) -> Float {
    halfToFloat(p.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
}

// F32: 4 bytes per element, already the output format.
func dequantizeF32(_ x: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    UnsafeMutableRawPointer(y).copyMemory(from: x, byteCount: n * 4)
}

// F16: 2 bytes per element, IEEE binary16.
func dequantizeF16(_ x: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    for i in 0..<n {
        y[i] = loadHalf(x, 2 * i)
    }
}

// BF16: 2 bytes per element, the top 16 bits of a float32.
func dequantizeBF16(_ x: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    for i in 0..<n {
        y[i] = Float(bitPattern: UInt32(x.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) << 16)
    }
}
