import Checkpoint
import CLZ4
import Safetensors

/// Compressed size over float32 size for the storage options considered, measured on given tensors.
///
/// - `plain`: what a checkpoint stores (LZ4 of the safetensors bytes).
/// - `byteShuffled`: each float32 split into its 4 byte planes before LZ4 (not a storage option:
///   `lz4 -d` would no longer give a safetensors file, and it does not save 10% — see the report).
/// - `bfloat16`: float32 rounded to bfloat16, then LZ4 (`TensorStorage.bfloat16`).
public struct CompressionRatios: Codable, Sendable, Equatable {
    /// LZ4 of the float32 bytes as stored.
    public var plain: Double
    /// LZ4 of the byte planes of each float32 tensor.
    public var byteShuffled: Double
    /// LZ4 of the tensors rounded to bfloat16, relative to the float32 size.
    public var bfloat16: Double

    private enum CodingKeys: String, CodingKey {
        case plain = "lz4"
        case byteShuffled = "lz4_byte_shuffled"
        case bfloat16 = "lz4_bf16"
    }

    /// Measures the three ratios by compressing in memory (nothing is written).
    public static func measure(_ tensors: [TensorEntry]) throws(CheckpointError) -> CompressionRatios {
        let original = tensors.reduce(0) { $0 + $1.data.count }
        guard original > 0 else {
            throw CheckpointError(.invalidArgument, "no tensor bytes to measure", hint: "pass non-empty tensors")
        }
        let shuffled = tensors.map { $0.dtype == .f32 ? byteShuffled($0.data) : $0.data }
        let narrowed = try wrap { () throws(SafetensorsError) in
            try TensorStorage.bfloat16.encode(tensors).map(\.data)
        }
        return CompressionRatios(plain: Double(try compressedSize(tensors.map(\.data))) / Double(original),
                                 byteShuffled: Double(try compressedSize(shuffled)) / Double(original),
                                 bfloat16: Double(try compressedSize(narrowed)) / Double(original))
    }

    /// Byte planes: all first bytes, then all second bytes, ... (exponent bytes end up together).
    static func byteShuffled(_ bytes: [UInt8]) -> [UInt8] {
        let count = bytes.count / 4
        return [UInt8](unsafeUninitializedCapacity: bytes.count) { planes, initialized in
            for index in 0..<count {
                for plane in 0..<4 { planes[plane * count + index] = bytes[4 * index + plane] }
            }
            initialized = bytes.count
        }
    }

    /// The size of one LZ4 frame holding `pieces` back to back.
    static func compressedSize(_ pieces: [[UInt8]]) throws(CheckpointError) -> Int {
        var total = 0
        let writer = try FrameWriter(contentSize: pieces.reduce(0) { $0 + $1.count }, path: "(memory)") { bytes in
            total += bytes.count
        }
        for piece in pieces {
            try piece.withUnsafeBytes { raw in Result { () throws(CheckpointError) in try writer.write(raw) } }.get()
        }
        try writer.finish()
        return total
    }

    private static func wrap<T>(_ body: () throws(SafetensorsError) -> T) throws(CheckpointError) -> T {
        do { return try body() } catch {
            throw CheckpointError(.invalidArgument, error.message, hint: error.hint)
        }
    }
}
