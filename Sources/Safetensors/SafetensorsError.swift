import Diagnostics

/// A failure to read or write safetensors data: what went wrong, where, and what to do.
public typealias SafetensorsError = Failure<SafetensorsFailures>

/// The safetensors module's kinds of failure, for `SafetensorsError`.
public enum SafetensorsFailures: FailureDomain {
    /// Messages start `safetensors:`.
    public static let name = "safetensors"

    /// The kind of failure; a struct over a private enum so codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case truncated, headerTooLarge, invalidJSON, invalidHeader, unknownDType
            case badOffsets, sizeMismatch, duplicateName, invalidName, invalidShape, dtypeMismatch, io
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The data ends before the header or the tensors it announces.
        public static let truncated = Code(.truncated)
        /// The 8-byte header length is larger than the reference limit (100 MB).
        public static let headerTooLarge = Code(.headerTooLarge)
        /// The header is not valid JSON.
        public static let invalidJSON = Code(.invalidJSON)
        /// The header is JSON but not a safetensors header (wrong fields or types).
        public static let invalidHeader = Code(.invalidHeader)
        /// A tensor uses a dtype this reader does not know.
        public static let unknownDType = Code(.unknownDType)
        /// Tensor byte ranges are out of bounds, overlap, or leave gaps.
        public static let badOffsets = Code(.badOffsets)
        /// A tensor's byte count differs from its shape product times its dtype size.
        public static let sizeMismatch = Code(.sizeMismatch)
        /// Two tensors share a name.
        public static let duplicateName = Code(.duplicateName)
        /// A tensor name is empty or reserved (`__metadata__`).
        public static let invalidName = Code(.invalidName)
        /// A shape has a negative dimension or its element count overflows.
        public static let invalidShape = Code(.invalidShape)
        /// A conversion was asked of a tensor whose dtype does not support it.
        public static let dtypeMismatch = Code(.dtypeMismatch)
        /// A system call failed while writing.
        public static let io = Code(.io)

        /// The code's stable name, e.g. `badOffsets`.
        public var description: String { kind.rawValue }
    }
}
