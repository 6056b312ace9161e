import Foundation

/// What a benchmark ran on, recorded beside its numbers: machines of one kind differ (AMD EPYC with
/// AVX512-BF16, Intel Sapphire Rapids with AMX), and the CPU decides which kernels run.
public enum MachineDescription {
    /// The CPU's model name from /proc/cpuinfo, with the flags that matter for matrix multiplies.
    public static var cpuModel: String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown CPU" }
        let lines = text.split(separator: "\n")
        let model = lines.first { $0.hasPrefix("model name") }?.split(separator: ":", maxSplits: 1).last
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        let flags = Set(lines.first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? [])
        let features = ["avx2", "avx512f", "avx512_bf16", "amx_tile", "amx_bf16"].filter(flags.contains)
        return features.isEmpty ? model : "\(model) (\(features.joined(separator: " ")))"
    }

    /// The running kernel's release (`uname -r`).
    public static var kernelRelease: String {
        (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown"
    }
}
