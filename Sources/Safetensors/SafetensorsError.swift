import Diagnostics

/// A failure to read or write safetensors data: what went wrong, where, and what to do.
public typealias SafetensorsError = Failure<SafetensorsFailures>

/// The safetensors module's kinds of failure, for `SafetensorsError`.
public enum SafetensorsFailures: FailureDomain {
    /// Messages start `safetensors:`.
    public static let name = "safetensors"
}

extension FailureCode where Domain == SafetensorsFailures {
    /// The data ends before the header or the tensors it announces.
    public static let truncated = Self("truncated")
    /// The 8-byte header length is larger than the reference limit (100 MB).
    public static let headerTooLarge = Self("headerTooLarge")
    /// The header is not valid JSON.
    public static let invalidJSON = Self("invalidJSON")
    /// The header is JSON but not a safetensors header (wrong fields or types).
    public static let invalidHeader = Self("invalidHeader")
    /// A tensor uses a dtype this reader does not know.
    public static let unknownDType = Self("unknownDType")
    /// Tensor byte ranges are out of bounds, overlap, or leave gaps.
    public static let badOffsets = Self("badOffsets")
    /// A tensor's byte count differs from its shape product times its dtype size.
    public static let sizeMismatch = Self("sizeMismatch")
    /// Two tensors share a name.
    public static let duplicateName = Self("duplicateName")
    /// A tensor name is empty or reserved (`__metadata__`).
    public static let invalidName = Self("invalidName")
    /// A shape has a negative dimension or its element count overflows.
    public static let invalidShape = Self("invalidShape")
    /// A conversion was asked of a tensor whose dtype does not support it.
    public static let dtypeMismatch = Self("dtypeMismatch")
    /// A system call failed while writing.
    public static let io = Self("io")
}
