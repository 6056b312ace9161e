/// Why the daemon cannot start: what failed, where, and what to do.
public struct DaemonError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is; a struct so that codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable { case stateUnusable, spoolUnusable, baseModelMissing }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The state directory or its database cannot be opened.
        public static let stateUnusable = Code(.stateUnusable)
        /// The spool directory cannot be prepared or watched.
        public static let spoolUnusable = Code(.spoolUnusable)
        /// The model `from-base` rounds start from is gone from the state directory.
        public static let baseModelMissing = Code(.baseModelMissing)

        public var description: String {
            switch kind {
            case .stateUnusable: "stateUnusable"
            case .spoolUnusable: "spoolUnusable"
            case .baseModelMissing: "baseModelMissing"
            }
        }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What was being done, on which path.
    public let detail: String
    /// The underlying error.
    public let underlying: String
    /// Source file where the error was made.
    public let file: String
    /// Source line where the error was made.
    public let line: Int

    /// Makes an error about `detail`, caused by `underlying`.
    public init(_ code: Code, _ detail: String, underlying: any Error, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.detail = detail
        self.underlying = "\(underlying)"
        self.file = file
        self.line = line
    }

    public var description: String {
        let hint = switch code {
        case .stateUnusable:
            "check that the state directory (--state, state.path) exists or can be created and is writable by this user"
        case .baseModelMissing:
            "restore STATE/base.ckpt.lz4 from a backup, or set training.mode = \"continue\" to train from the active model"
        default:
            "check that the spool directory (--spool, spool.path) exists and is writable by this user"
        }
        return "\(code): \(detail): \(underlying) at \(file):\(line). HINT: \(hint)"
    }
}
