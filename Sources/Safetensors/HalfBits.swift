/// IEEE 754 binary16 → Float by bit manipulation, so it works where Swift's `Float16` is unavailable.
enum HalfBits {
    /// The exact float value of a half-precision bit pattern (subnormals, infinities and NaN included).
    static func toFloat(_ bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = Int(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x3FF)
        switch exponent {
        case 0:
            // Subnormal or zero: value = mantissa × 2^-24, exact in Float.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        default:
            return Float(bitPattern: sign | UInt32(exponent + 112) << 23 | (mantissa << 13))
        }
    }
}

/// Float → bfloat16 bits with round-to-nearest-even, as PyTorch converts.
enum BFloat16Bits {
    /// The upper 16 bits of the float, rounded; NaN is kept a (quiet) NaN.
    static func from(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040 }
        let rounding = 0x7FFF + ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: (bits &+ rounding) >> 16)
    }
}
