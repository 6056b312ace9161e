import Diagnostics

/// Why a task file was rejected: what is wrong, where in the file, and what to do about it.
///
/// The description is one line (`file: location: problem. HINT: hint`), suitable for a
/// `<name>.reason` file in the spool or one line of `activetune validate`.
public struct TaskFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, one of the `FailureCode` statics for `TaskFileFailures` below.
    public typealias Code = FailureCode<TaskFileFailures>

    /// What kind of failure this is.
    public var code: Code
    /// The task file's name (or path) as the caller gave it.
    public var taskFile: String
    /// 1-based line in the task file: the JSONL line, or where a syntax error is.
    public var lineNumber: Int?
    /// 1-based column (in characters) of a syntax error.
    public var column: Int?
    /// JSON path of the offending value, e.g. `Instances[3].output`.
    public var path: String?
    /// What is wrong, in one sentence without a final period.
    public var problem: String
    /// What to do about it.
    public var hint: String
    /// Source file that made the error (`#fileID`).
    public var file: String
    /// Source line that made the error (`#line`).
    public var line: Int

    /// An error about `taskFile`; location parts may be filled in later by whoever knows them.
    public init(_ code: Code, taskFile: String = "", lineNumber: Int? = nil, column: Int? = nil,
                path: String? = nil, problem: String, hint: String,
                file: String = #fileID, line: Int = #line) {
        self.code = code
        self.taskFile = taskFile
        self.lineNumber = lineNumber
        self.column = column
        self.path = path
        self.problem = problem
        self.hint = hint
        self.file = file
        self.line = line
    }

    /// Where in the task file: `line 12, column 3`, `line 4: instances[0].output`, `Instances[3].output`,
    /// or empty when the whole file is concerned.
    public var location: String {
        var parts: [String] = []
        if let lineNumber {
            parts.append(column.map { "line \(lineNumber), column \($0)" } ?? "line \(lineNumber)")
        }
        if let path, !path.isEmpty { parts.append(path) }
        return parts.joined(separator: ": ")
    }

    /// One line: `file: location: problem. HINT: hint`.
    public var description: String {
        taskFile.isEmpty ? summary : "\(taskFile): \(summary)"
    }

    /// The description without the file name: `location: problem. HINT: hint`.
    public var summary: String {
        (location.isEmpty ? "" : location + ": ") + problem + ". HINT: " + hint
    }
}

/// The task file reader's kinds of failure, for `TaskFileError.Code`.
public enum TaskFileFailures: FailureDomain {
    /// The word for task-file problems.
    public static let name = "task file"
}

extension FailureCode where Domain == TaskFileFailures {
    /// The file could not be opened or read (missing, permissions, I/O error, symlink refused).
    public static let unreadable = Self("unreadable")
    /// A directory, FIFO, device or socket rather than a regular file.
    public static let notRegularFile = Self("notRegularFile")
    /// Larger than the reader's size cap (checked before reading).
    public static let tooLarge = Self("tooLarge")
    /// No content, or only whitespace and a byte-order mark.
    public static let emptyFile = Self("emptyFile")
    /// Bytes that are not UTF-8 (including UTF-16 files).
    public static let notUTF8 = Self("notUTF8")
    /// Text that is not JSON.
    public static let invalidJSON = Self("invalidJSON")
    /// JSON that stops before its last value is closed.
    public static let truncatedJSON = Self("truncatedJSON")
    /// Arrays and objects nested deeper than the reader's limit.
    public static let tooDeep = Self("tooDeep")
    /// A JSON value (or JSONL line) that should be an object is not.
    public static let notAnObject = Self("notAnObject")
    /// A JSON object that is neither an NIV2 task nor a Self-Instruct task.
    public static let unknownFormat = Self("unknownFormat")
    /// A required field is absent.
    public static let missingField = Self("missingField")
    /// A field has the wrong JSON type.
    public static let wrongType = Self("wrongType")
    /// The definition (or instruction) is empty or only whitespace.
    public static let emptyDefinition = Self("emptyDefinition")
    /// A task without instances.
    public static let noInstances = Self("noInstances")
    /// An instance whose list of reference outputs is empty.
    public static let noOutputs = Self("noOutputs")
    /// Two instances of a task share an id.
    public static let duplicateInstanceID = Self("duplicateInstanceID")
    /// Two tasks of one Self-Instruct file share an id.
    public static let duplicateTaskID = Self("duplicateTaskID")
}
