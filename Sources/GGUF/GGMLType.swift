/// A ggml tensor element type, with the ids GGUF files store (gguf-py `GGMLQuantizationType`).
public enum GGMLType: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    case f32 = 0, f16 = 1, q4_0 = 2, q4_1 = 3
    // 4 and 5 were Q4_2 and Q4_3, removed from ggml; files using them are rejected as unknown.
    case q5_0 = 6, q5_1 = 7, q8_0 = 8, q8_1 = 9
    case q2_K = 10, q3_K = 11, q4_K = 12, q5_K = 13, q6_K = 14, q8_K = 15
    case iq2_xxs = 16, iq2_xs = 17, iq3_xxs = 18, iq1_s = 19, iq4_nl = 20, iq3_s = 21, iq2_s = 22, iq4_xs = 23
    case i8 = 24, i16 = 25, i32 = 26, i64 = 27, f64 = 28, iq1_m = 29, bf16 = 30
    // 31-33 and 36-38 were repacked ARM layouts, removed from ggml.
    case tq1_0 = 34, tq2_0 = 35, mxfp4 = 39, nvfp4 = 40, q1_0 = 41

    /// Elements per block; a tensor row (ne[0]) must be a whole number of blocks.
    public var blockSize: Int { layout.block }

    /// Bytes one block occupies in the file.
    public var bytesPerBlock: Int { layout.bytes }

    /// The name ggml and gguf-py print, e.g. `Q4_1`.
    public var name: String { layout.name }

    /// Same as `name`, so interpolating a type prints what llama.cpp tools print.
    public var description: String { name }

    /// Whether `GGUFFile.dequantize` has a kernel for this type.
    public var canDequantize: Bool {
        switch self {
        case .f32, .f16, .bf16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q4_K, .q5_K, .q6_K: return true
        default: return false
        }
    }

    // One table so block size, byte size and name cannot drift apart (values from gguf-py GGML_QUANT_SIZES, QK_K = 256).
    private var layout: (name: String, block: Int, bytes: Int) {
        switch self {
        case .f32: return ("F32", 1, 4)
        case .f16: return ("F16", 1, 2)
        case .q4_0: return ("Q4_0", 32, 2 + 16)
        case .q4_1: return ("Q4_1", 32, 2 + 2 + 16)
        case .q5_0: return ("Q5_0", 32, 2 + 4 + 16)
        case .q5_1: return ("Q5_1", 32, 2 + 2 + 4 + 16)
        case .q8_0: return ("Q8_0", 32, 2 + 32)
        case .q8_1: return ("Q8_1", 32, 4 + 4 + 32)
        case .q2_K: return ("Q2_K", 256, 2 + 2 + 256 / 16 + 256 / 4)
        case .q3_K: return ("Q3_K", 256, 2 + 256 / 4 + 256 / 8 + 12)
        case .q4_K: return ("Q4_K", 256, 2 + 2 + 256 / 2 + 12)
        case .q5_K: return ("Q5_K", 256, 2 + 2 + 256 / 2 + 256 / 8 + 12)
        case .q6_K: return ("Q6_K", 256, 2 + 256 / 2 + 256 / 4 + 256 / 16)
        case .q8_K: return ("Q8_K", 256, 4 + 256 + 256 / 8)
        case .iq2_xxs: return ("IQ2_XXS", 256, 2 + 256 / 4)
        case .iq2_xs: return ("IQ2_XS", 256, 2 + 256 / 4 + 256 / 32)
        case .iq3_xxs: return ("IQ3_XXS", 256, 2 + 256 / 4 + 256 / 8)
        case .iq1_s: return ("IQ1_S", 256, 2 + 256 / 8 + 256 / 16)
        case .iq4_nl: return ("IQ4_NL", 32, 2 + 16)
        case .iq3_s: return ("IQ3_S", 256, 2 + 256 / 4 + 256 / 8 + 256 / 32 + 4)
        case .iq2_s: return ("IQ2_S", 256, 2 + 256 / 4 + 256 / 16)
        case .iq4_xs: return ("IQ4_XS", 256, 2 + 2 + 256 / 2 + 256 / 64)
        case .i8: return ("I8", 1, 1)
        case .i16: return ("I16", 1, 2)
        case .i32: return ("I32", 1, 4)
        case .i64: return ("I64", 1, 8)
        case .f64: return ("F64", 1, 8)
        case .iq1_m: return ("IQ1_M", 256, 256 / 8 + 256 / 16 + 256 / 32)
        case .bf16: return ("BF16", 1, 2)
        case .tq1_0: return ("TQ1_0", 256, 2 + 4 * 13)
        case .tq2_0: return ("TQ2_0", 256, 2 + 64)
        case .mxfp4: return ("MXFP4", 32, 1 + 16)
        case .nvfp4: return ("NVFP4", 64, 4 + 32)
        case .q1_0: return ("Q1_0", 128, 2 + 16)
        }
    }
}
