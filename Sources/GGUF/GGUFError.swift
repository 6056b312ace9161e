import Diagnostics

/// A failure to read or write a GGUF file or to convert one of its tensors: what, where, and what to do.
public typealias GGUFError = Failure<GGUFFailures>

/// The gguf module's kinds of failure, for `GGUFError`.
public enum GGUFFailures: FailureDomain {
    /// Messages start `gguf:`.
    public static let name = "gguf"
}

extension FailureCode where Domain == GGUFFailures {
    /// The file could not be opened, sized or mapped, or (writing) created, written, synced or renamed into place.
    public static let io = Self("io")
    /// The bytes end before a header field, key, value or tensor info they announce.
    public static let truncated = Self("truncated")
    /// The first four bytes are not `GGUF`.
    public static let badMagic = Self("badMagic")
    /// The version is not 2 or 3 (version 1 used 32-bit counts; big-endian files look like huge versions).
    public static let unsupportedVersion = Self("unsupportedVersion")
    /// A metadata value type id is not one of the 13 GGUF value types.
    public static let invalidValueType = Self("invalidValueType")
    /// Metadata arrays are nested deeper than the reader allows.
    public static let nestingTooDeep = Self("nestingTooDeep")
    /// Two metadata entries share a key.
    public static let duplicateKey = Self("duplicateKey")
    /// `general.alignment` is not a non-zero power of two stored as uint32, or (writing) differs from the writer's.
    public static let invalidAlignment = Self("invalidAlignment")
    /// A tensor uses a ggml type id this reader does not know.
    public static let unknownGGMLType = Self("unknownGGMLType")
    /// A tensor has too many (or, writing, no or empty) dimensions, an overflowing element count, or rows not a
    /// multiple of the block size.
    public static let invalidTensorShape = Self("invalidTensorShape")
    /// Two tensors share a name.
    public static let duplicateTensorName = Self("duplicateTensorName")
    /// A tensor offset is not a multiple of the file's alignment.
    public static let misalignedTensorOffset = Self("misalignedTensorOffset")
    /// A tensor's bytes extend past the end of the file.
    public static let tensorOutOfBounds = Self("tensorOutOfBounds")
    /// The tensor's ggml type is known but has no dequantization kernel here.
    public static let unsupportedQuantization = Self("unsupportedQuantization")
    /// A caller's buffer (dequantize output, or values given to the writer) does not hold exactly the tensor's element count.
    public static let bufferSizeMismatch = Self("bufferSizeMismatch")
    /// A metadata accessor was used on a value of another type.
    public static let wrongMetadataType = Self("wrongMetadataType")
    /// A metadata key is not in the file.
    public static let missingKey = Self("missingKey")
    /// A tensor name is not in the file.
    public static let missingTensor = Self("missingTensor")
    /// A metadata integer does not fit the requested Swift type.
    public static let valueOutOfRange = Self("valueOutOfRange")
    /// The writer was asked to store tensor data in a ggml type it cannot encode from Float32.
    public static let unsupportedWriteType = Self("unsupportedWriteType")
    /// A tensor name given to the writer is empty or longer than llama.cpp accepts.
    public static let invalidTensorName = Self("invalidTensorName")
}
