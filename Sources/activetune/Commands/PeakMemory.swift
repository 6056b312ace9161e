import Foundation

/// The process's peak resident memory (VmHWM), read from Linux's /proc.
enum PeakMemory {
    /// Peak resident bytes so far, or nil where /proc is unavailable.
    static func bytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.split(separator: " ")
            if fields.count >= 2, let kib = Int(fields[1]) { return kib * 1024 }
        }
        return nil
    }

    /// Starts a new peak from the current resident size (writing 5 to clear_refs; Linux 4.0+). Returns false when
    /// the kernel refused, so the caller reports the peak as unknown rather than a cumulative one as its own.
    static func reset() -> Bool {
        do {
            try "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
            return true
        } catch {
            return false
        }
    }
}
