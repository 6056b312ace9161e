/// A checkpoint version's identifier, `000042-1a2b3c4d`: a sequence number (sorts by age) and a
/// short hash of the safetensors header (tells versions apart at a glance).
public struct CheckpointID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The commit sequence number, increasing by one per commit in a store.
    public let sequence: Int
    /// The FNV-1a hash of the file's safetensors header block.
    public let hash: UInt32

    /// The file name suffix every version has.
    static let fileSuffix = ".ckpt.lz4"

    /// Makes an identifier from its parts.
    public init(sequence: Int, hash: UInt32) {
        self.sequence = sequence
        self.hash = hash
    }

    /// Parses `000042-1a2b3c4d`; nil if the text is not an identifier.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count >= 6, parts[1].count == 8,
              parts[0].allSatisfy(\.isASCII), let sequence = Int(parts[0]), sequence >= 0,
              let hash = UInt32(parts[1], radix: 16) else { return nil }
        self.init(sequence: sequence, hash: hash)
    }

    /// Parses a version file name `<id>.ckpt.lz4`; nil for any other name. A static function rather than a labeled
    /// initialiser, so that `CheckpointID.init` passed as a function always means parsing an identifier.
    public static func parsing(fileName: String) -> CheckpointID? {
        guard fileName.hasSuffix(fileSuffix) else { return nil }
        return CheckpointID(fileName.dropLast(fileSuffix.count))
    }

    /// The textual form, e.g. `000042-1a2b3c4d`.
    public var description: String {
        let number = String(sequence)
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: max(0, 6 - number.count)) + number + "-"
            + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// The version's file name inside the store.
    public var fileName: String { description + Self.fileSuffix }

    /// Orders by sequence, then hash.
    public static func < (left: CheckpointID, right: CheckpointID) -> Bool {
        (left.sequence, left.hash) < (right.sequence, right.hash)
    }

    /// FNV-1a over `bytes`: cheap, stable, and enough to tell versions apart.
    package static func fnv1a(_ bytes: [UInt8]) -> UInt32 {
        bytes.reduce(2_166_136_261 as UInt32) { ($0 ^ UInt32($1)) &* 16_777_619 }
    }
}
