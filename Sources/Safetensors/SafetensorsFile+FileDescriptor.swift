#if canImport(Glibc)
import Glibc
private let posixWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let posixWrite = Darwin.write
#endif

/// Writing straight to a file descriptor, piece by piece, without assembling the file.
extension SafetensorsFile {
    /// Writes the serialized file to `descriptor` (retrying short writes and EINTR); does not fsync.
    public func write(toFileDescriptor descriptor: Int32) throws(SafetensorsError) {
        try write { (raw: UnsafeRawBufferPointer) throws(SafetensorsError) in
            var done = 0
            while done < raw.count {
                let written = posixWrite(descriptor, raw.baseAddress! + done, raw.count - done)
                if written < 0 {
                    if errno == EINTR { continue }
                    let reason = String(cString: strerror(errno))
                    throw SafetensorsError(.io, "write failed: \(reason)",
                                           hint: "check free disk space and permissions")
                }
                done += written
            }
        }
    }
}
