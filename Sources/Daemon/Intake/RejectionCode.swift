import Glibc
import Spool
import Tasks

/// The short machine codes stored for refused input (`activetune status`, metrics labels).
enum RejectionCode {
    /// A task file error's code in snake case: `invalidJSON` → `invalid_json`, `notUTF8` → `not_utf8`.
    static func of(_ error: TaskFileError) -> String {
        var out = ""
        var previousLower = false
        for c in error.code.description {
            if c.isUppercase && previousLower { out.append("_") }
            previousLower = c.isLowercase || c.isNumber
            out += c.lowercased()
        }
        return out
    }

    /// The code for a spool read failure.
    static func of(_ error: SpoolError) -> String {
        switch error.code {
        case .tooLarge: "too_large"
        case .notRegularFile: "not_regular"
        default: "unreadable"
        }
    }

    /// The code for an entry the spool quarantined before claiming it, judged by what now sits in `failed/`.
    static func ofQuarantined(atPath path: String) -> String {
        var status = stat()
        guard lstat(path, &status) == 0 else { return "not_regular" }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return "too_large"
        case S_IFDIR: return "directory"
        case S_IFLNK: return "symlink"
        case S_IFIFO: return "fifo"
        case S_IFSOCK: return "socket"
        default: return "device"
        }
    }

    /// Every task of the file duplicates one already accepted (or an earlier one in the same file).
    static let duplicate = "duplicate"
}
