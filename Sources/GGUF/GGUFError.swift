import Diagnostics

/// A failure to read or write a GGUF file or to convert one of its tensors: what, where, and what to do.
public typealias GGUFError = Failure<GGUFFailures>

/// The gguf module's kinds of failure, for `GGUFError`.
public enum GGUFFailures: FailureDomain {
    /// Messages start `gguf:`.
    public static let name = "gguf"

    /// The kind of failure; a struct over a private enum so codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case io, truncated, badMagic, unsupportedVersion, invalidValueType, nestingTooDeep
            case duplicateKey, invalidAlignment, unknownGGMLType, invalidTensorShape, duplicateTensorName
            case misalignedTensorOffset, tensorOutOfBounds, unsupportedQuantization, bufferSizeMismatch
            case wrongMetadataType, missingKey, missingTensor, valueOutOfRange
            case unsupportedWriteType, invalidTensorName
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The file could not be opened, sized or mapped, or (writing) created, written, synced or renamed into place.
        public static let io = Code(.io)
        /// The bytes end before a header field, key, value or tensor info they announce.
        public static let truncated = Code(.truncated)
        /// The first four bytes are not `GGUF`.
        public static let badMagic = Code(.badMagic)
        /// The version is not 2 or 3 (version 1 used 32-bit counts; big-endian files look like huge versions).
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// A metadata value type id is not one of the 13 GGUF value types.
        public static let invalidValueType = Code(.invalidValueType)
        /// Metadata arrays are nested deeper than the reader allows.
        public static let nestingTooDeep = Code(.nestingTooDeep)
        /// Two metadata entries share a key.
        public static let duplicateKey = Code(.duplicateKey)
        /// `general.alignment` is not a non-zero power of two stored as uint32, or (writing) differs from the writer's.
        public static let invalidAlignment = Code(.invalidAlignment)
        /// A tensor uses a ggml type id this reader does not know.
        public static let unknownGGMLType = Code(.unknownGGMLType)
        /// A tensor has too many (or, writing, no or empty) dimensions, an overflowing element count, or rows not a
        /// multiple of the block size.
        public static let invalidTensorShape = Code(.invalidTensorShape)
        /// Two tensors share a name.
        public static let duplicateTensorName = Code(.duplicateTensorName)
        /// A tensor offset is not a multiple of the file's alignment.
        public static let misalignedTensorOffset = Code(.misalignedTensorOffset)
        /// A tensor's bytes extend past the end of the file.
        public static let tensorOutOfBounds = Code(.tensorOutOfBounds)
        /// The tensor's ggml type is known but has no dequantization kernel here.
        public static let unsupportedQuantization = Code(.unsupportedQuantization)
        /// A caller's buffer (dequantize output, or values given to the writer) does not hold exactly the tensor's element count.
        public static let bufferSizeMismatch = Code(.bufferSizeMismatch)
        /// A metadata accessor was used on a value of another type.
        public static let wrongMetadataType = Code(.wrongMetadataType)
        /// A metadata key is not in the file.
        public static let missingKey = Code(.missingKey)
        /// A tensor name is not in the file.
        public static let missingTensor = Code(.missingTensor)
        /// A metadata integer does not fit the requested Swift type.
        public static let valueOutOfRange = Code(.valueOutOfRange)
        /// The writer was asked to store tensor data in a ggml type it cannot encode from Float32.
        public static let unsupportedWriteType = Code(.unsupportedWriteType)
        /// A tensor name given to the writer is empty or longer than llama.cpp accepts.
        public static let invalidTensorName = Code(.invalidTensorName)

        /// The code's stable name, e.g. `tensorOutOfBounds`.
        public var description: String { kind.rawValue }
    }
}
