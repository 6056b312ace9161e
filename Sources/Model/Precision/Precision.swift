import COneDNN
import Foundation

/// The number format of the engine's matrix products.
///
/// `fp32` is exact to the float32 reference (OpenBLAS). `bf16` rounds the two inputs of each weight product to
/// bfloat16 and accumulates in float32 on oneDNN, which uses the CPU's AVX512-BF16 dot products or AMX tiles
/// (on a CPU with neither, the same arithmetic is emulated on OpenBLAS: same numbers up to summation order, slower
/// than fp32); weights, optimizer state, norms, softmax, attention and the loss stay float32 (mixed precision, as
/// PyTorch's bf16 autocast).
public enum Precision: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case fp32
    case bf16

    public var description: String { rawValue }

    /// What this CPU runs fastest: bf16 when it multiplies bf16 natively (AMX or AVX512-BF16), fp32 elsewhere.
    public static var native: Precision { BF16Support.isa == nil ? .fp32 : .bf16 }

    /// The instruction set the products run on at this precision: the oneDNN ISA for bf16
    /// ("avx512_core_amx", "avx512_core_bf16", or "emulated:openblas:…" on a CPU with neither), OpenBLAS's kernel for
    /// fp32 (e.g. "openblas:Haswell").
    public var isa: String {
        switch self {
        case .fp32: "openblas:\(Compute.blasCoreName)"
        case .bf16: BF16Support.isa ?? "emulated:openblas:\(Compute.blasCoreName)"
        }
    }

    /// True when bf16 products run emulated on float32 (the CPU has neither AMX nor AVX512-BF16).
    public static var bf16IsEmulated: Bool { BF16Support.isa == nil }

    /// Why bf16 cannot run in this process although the CPU has it (e.g. systemd's MemoryDenyWriteExecute=yes
    /// forbids the executable pages oneDNN's generated kernels need), or nil; `native` is fp32 then.
    public static var bf16UnusableReason: String? { BF16Support.unusableReason }

    /// Parses a configured value, "auto" meaning `native`; throws with the accepted values otherwise.
    public init(parsing text: String) throws {
        if text == "auto" {
            self = .native
        } else if let value = Precision(rawValue: text) {
            self = value
        } else {
            throw ModelError(.invalidRequest, "precision `\(text)` is not one of fp32, bf16, auto. "
                             + "HINT: use auto (bf16 on CPUs with AMX or AVX512-BF16, fp32 elsewhere)")
        }
        try check()
    }

    /// Throws when this precision cannot run here: bf16 in a process that may not run the kernels oneDNN generates
    /// for the CPU's bf16 instructions. (A CPU without them emulates bf16 instead; an explicit bf16 on a CPU that has
    /// them but cannot use them is refused rather than silently emulated, since it was asked for speed.)
    public func check() throws {
        guard self == .bf16, let reason = BF16Support.unusableReason else { return }
        throw ModelError(.invalidRequest, "precision bf16 cannot run in this process: \(reason). HINT: use precision "
                         + "fp32 or auto, or allow executable memory (systemd: MemoryDenyWriteExecute=no)")
    }
}

/// What oneDNN found on this CPU, asked once.
enum BF16Support {
    /// The oneDNN ISA bf16 products run on, or nil when the CPU has no native bf16 (products are emulated then) or
    /// oneDNN cannot run here (`unusableReason`).
    static let isa: String? = at_bf16_native_isa().map { String(cString: $0) }
    /// Why bf16 cannot run in this process although the CPU has it, if that is the case.
    static let unusableReason: String? = at_bf16_unusable_reason().map { String(cString: $0) }
}
