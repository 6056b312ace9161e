import ArgumentParser
import Foundation
import Logging
import Spool
import Tasks

/// `activetune submit FILE...`: checks every file, then writes them into the spool the safe way.
///
/// All or nothing: every file is read and validated with the Tasks reader (as the daemon will) first; if any is unusable nothing is written and the
/// exit status is 65 (EX_DATAERR), so a script never leaves half a batch behind. Each file is then written
/// under a hidden temporary name, fsynced, and renamed into place, so the daemon never sees a partial file.
struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Check task files and drop them into the spool, all or none."
    )

    @Option(help: "The spool directory the daemon watches.")
    var spool = "./spool"

    @Argument(help: "Task files: NIV2 JSON or Self-Instruct JSONL.")
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Give at least one task file.") }
    }

    func run() throws {
        let spool = Spool(directory: spool, logger: Logger(label: "activetune.submit"))
        let reader = TaskFileReader(sizeCap: spool.maxFileSize)
        var checked: [(path: String, name: String, bytes: [UInt8])] = []
        var problems: [String] = []
        for path in files {
            do {
                checked.append(try Self.check(path, spool: spool, reader: reader))
            } catch {
                // Task file errors already start with the file's name.
                let message = "\(error)"
                problems.append(message.hasPrefix(path) ? message : "\(path): \(message)")
            }
        }
        guard problems.isEmpty else {
            for problem in problems + ["nothing was submitted (all or none); fix the files above"] {
                FileHandle.standardError.write(Data(("activetune submit: " + problem + "\n").utf8))
            }
            throw ExitCode(65)
        }
        try spool.requireDirectory()
        for file in checked {
            let used = try spool.submit(file.bytes, name: file.name)
            print("submitted \(file.path) as \(spool.directory)/\(used) (\(file.bytes.count) bytes)")
        }
    }

    /// Reads `path` once and validates those very bytes, so what is checked is what is written.
    private static func check(_ path: String, spool: Spool,
                              reader: TaskFileReader) throws -> (path: String, name: String, bytes: [UInt8]) {
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard Spool.isCandidate(name) else {
            throw ValidationError("the daemon ignores names starting with `.` or ending in `.tmp` or naming a spool "
                                  + "subdirectory. HINT: copy it to a name like task.json and submit that")
        }
        // A path the user typed may be a link to their data; the spool itself never follows links.
        let bytes = try Spool.readRegularFile(atPath: path, maxSize: spool.maxFileSize, followSymlink: true)
        _ = try reader.read(Data(bytes), name: path)
        return (path, name, bytes)
    }
}
