#if canImport(Glibc)
import Glibc
private let posixRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let posixRead = Darwin.read
#endif
import CLZ4

/// Decodes one LZ4 frame from a file piece by piece, verifying block and content checksums,
/// so the caller can decompress straight into its own buffers.
final class FrameReader {
    /// The frame's declared content size (activetune always writes it).
    private(set) var contentSize = 0
    private let path: String
    private let descriptor: Int32
    private var context: OpaquePointer?
    private let input: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var consumed = 0
    private var frameEnded = false

    /// Opens `path` and reads the frame header; refuses frames without checksums or content size.
    init(path: String) throws(CheckpointError) {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        input = .allocate(byteCount: 4 << 20, alignment: 16)
        guard descriptor >= 0 else {
            let number = errno
            if number == ENOENT {
                throw CheckpointError(.notFound, "checkpoint \(path) does not exist",
                                      hint: "list versions with `activetune checkpoints`")
            }
            throw CheckpointError.system("open", path, errno: number)
        }
        guard LZ4F_isError(LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))) == 0 else {
            throw CheckpointError(.io, "LZ4 could not create a decompression context for \(path)",
                                  hint: "the system is out of memory; retry")
        }
        var info = LZ4F_frameInfo_t()
        try refill(what: "the LZ4 frame header")
        var size = end - start
        let result = LZ4F_getFrameInfo(context, &info, input.baseAddress, &size)
        start += size
        if LZ4F_isError(result) != 0 {
            let name = String(cString: LZ4F_getErrorName(result))
            // The first read returns the whole header unless the file is shorter than a header.
            if name.hasSuffix("frameHeader_incomplete") {
                throw CheckpointError(.truncated, "checkpoint \(path) is truncated: \(end) bytes, less than an LZ4 "
                                      + "frame header", hint: "the file is incomplete; roll back with `activetune rollback`")
            }
            throw Self.corrupt(path, "its LZ4 frame header is invalid (\(name))")
        }
        guard info.contentChecksumFlag == LZ4F_contentChecksumEnabled,
              info.blockChecksumFlag == LZ4F_blockChecksumEnabled, info.contentSize > 0 else {
            throw Self.corrupt(path, "its LZ4 frame lacks the content size or checksums activetune writes")
        }
        // LZ4 cannot expand data more than 255-fold; a larger claim is corruption, and must not
        // turn into a huge allocation before the checksums had a chance to fail.
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw CheckpointError.system("stat", path) }
        guard info.contentSize <= UInt64(status.st_size) * 256 else {
            throw Self.corrupt(path, "its LZ4 frame claims \(info.contentSize) bytes of content, "
                               + "impossible for a \(status.st_size)-byte file")
        }
        contentSize = Int(info.contentSize)
    }

    deinit {
        LZ4F_freeDecompressionContext(context)
        input.deallocate()
        if descriptor >= 0 { close(descriptor) }
    }

    /// Fills `target` completely with the next decompressed bytes.
    func read(into target: UnsafeMutableRawBufferPointer) throws(CheckpointError) {
        var filled = 0
        while filled < target.count {
            guard !frameEnded else {
                throw Self.corrupt(path, "its LZ4 frame ends before the safetensors data does")
            }
            if start == end { try refill(what: "the compressed data") }
            var produced = target.count - filled
            var available = end - start
            let result = LZ4F_decompress(context, target.baseAddress! + filled, &produced,
                                         input.baseAddress! + start, &available, nil)
            try check(result)
            start += available
            filled += produced
            if result == 0 { frameEnded = true }
        }
    }

    /// Decodes and discards `count` bytes (checksums are still verified).
    func skip(_ count: Int) throws(CheckpointError) {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: min(count, 4 << 20), alignment: 16)
        defer { scratch.deallocate() }
        var left = count
        while left > 0 {
            let piece = min(left, scratch.count)
            try read(into: UnsafeMutableRawBufferPointer(rebasing: scratch[0..<piece]))
            left -= piece
        }
    }

    /// Reads the end mark and content checksum and checks nothing follows the frame.
    func finish() throws(CheckpointError) {
        var scratch: UInt64 = 0
        while !frameEnded {
            if start == end { try refill(what: "the end of the LZ4 frame and its checksum") }
            var produced = MemoryLayout<UInt64>.size
            var available = end - start
            let result = withUnsafeMutableBytes(of: &scratch) { raw in
                LZ4F_decompress(context, raw.baseAddress, &produced, input.baseAddress! + start, &available, nil)
            }
            try check(result)
            start += available
            guard produced == 0 else {
                throw Self.corrupt(path, "its LZ4 frame holds more data than the safetensors header describes")
            }
            if result == 0 { frameEnded = true }
        }
        guard start == end, posixRead(descriptor, input.baseAddress, 1) == 0 else {
            throw Self.corrupt(path, "bytes follow the end of its LZ4 frame")
        }
    }

    private func refill(what: String) throws(CheckpointError) {
        while true {
            let count = posixRead(descriptor, input.baseAddress, input.count)
            if count > 0 {
                start = 0
                end = count
                consumed += count
                return
            }
            if count < 0, errno == EINTR { continue }
            if count < 0 { throw CheckpointError.system("read", path) }
            throw CheckpointError(.truncated, "checkpoint \(path) is truncated: it ends after \(consumed) bytes, "
                                  + "in \(what)", hint: "the file is incomplete; roll back with `activetune rollback`")
        }
    }

    private func check(_ result: Int) throws(CheckpointError) {
        if LZ4F_isError(result) != 0 {
            let name = String(cString: LZ4F_getErrorName(result))
            throw Self.corrupt(path, "LZ4 reports \(name) near compressed byte \(consumed - (end - start))")
        }
    }

    static func corrupt(_ path: String, _ what: String) -> CheckpointError {
        CheckpointError(.corrupt, "checkpoint \(path) is corrupt: \(what)",
                        hint: "the file is damaged; roll back with `activetune rollback` or restore it from a copy")
    }
}
