import Foundation

/// Reads and validates task files (NIV2 JSON or Self-Instruct JSONL), detecting the format from content.
///
/// Every failure is a `TaskFileError`; no input makes it crash. Files are opened without blocking
/// (a FIFO is rejected, not waited on) and their size is checked with `fstat` before any byte is read.
public struct TaskFileReader: Sendable {
    /// The default size cap: 64 MiB.
    public static let defaultSizeCap = 64 << 20
    /// The default nesting limit for JSON lists and objects (real task files need 4).
    public static let defaultMaxDepth = 64
    /// The largest nesting limit honoured, whatever `maxDepth` says.
    public static let depthCeiling = 512

    /// Files larger than this many bytes are rejected before reading.
    public var sizeCap: Int
    /// JSON nested deeper than this is rejected while parsing; at most `depthCeiling` is used, so the
    /// parser's recursion stays well within a thread's stack.
    public var maxDepth: Int
    /// When false, a file that is itself a symbolic link is refused instead of followed (`O_NOFOLLOW`;
    /// links among the parent directories still resolve). The spool never follows links.
    public var followsSymlinks: Bool
    /// Decides classification vs generation for NIV2 tasks.
    public var classifier: TaskClassifier

    /// A reader; every setting has a default.
    public init(sizeCap: Int = defaultSizeCap, maxDepth: Int = defaultMaxDepth, followsSymlinks: Bool = true,
                classifier: TaskClassifier = TaskClassifier()) {
        self.sizeCap = sizeCap
        self.maxDepth = maxDepth
        self.followsSymlinks = followsSymlinks
        self.classifier = classifier
    }

    /// Reads the file at `url`; `name` (default: the path) is what messages and NIV2 task ids use.
    public func read(contentsOf url: URL, name: String? = nil) throws(TaskFileError) -> TaskFile {
        let name = name ?? url.path
        do {
            let bytes = try RegularFileBytes.read(path: url.path, sizeCap: sizeCap, followsSymlinks: followsSymlinks)
            return try parse(bytes, name: name, url: url)
        } catch var error {
            error.taskFile = name
            throw error
        }
    }

    /// Reads a task file held in memory; `name` is what messages and NIV2 task ids use.
    public func read(_ data: Data, name: String) throws(TaskFileError) -> TaskFile {
        guard data.count <= sizeCap else {
            var error = RegularFileBytes.tooLarge(data.count, sizeCap)
            error.taskFile = name
            throw error
        }
        return try parse([UInt8](data), name: name, url: nil)
    }

    /// The NIV2 task id for a file name: its last path component without a trailing `.json`.
    public static func taskID(forFileName name: String) -> String {
        let last = name.split(separator: "/").last.map(String.init) ?? name
        return last.hasSuffix(".json") ? String(last.dropLast(5)) : last
    }

    private func parse(_ bytes: [UInt8], name: String, url: URL?) throws(TaskFileError) -> TaskFile {
        let parser = TaskFileParser(name: name, maxDepth: min(maxDepth, Self.depthCeiling), classifier: classifier)
        let result = bytes.withUnsafeBufferPointer { buffer in Result { () throws(TaskFileError) in try parser.parse(buffer) } }
        let (format, tasks) = try result.get()
        return TaskFile(name: name, url: url, format: format, tasks: tasks)
    }
}
