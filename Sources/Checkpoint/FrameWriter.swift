import CLZ4

/// Streams bytes into one LZ4 frame (content size, content checksum and block checksums on),
/// handing compressed output to a sink through a single reusable buffer.
package final class FrameWriter {
    /// Input is fed to LZ4 in pieces of at most one block, so the output buffer stays small.
    static let chunkSize = 4 << 20

    private var context: OpaquePointer?
    private var preferences: LZ4F_preferences_t
    private let output: UnsafeMutableRawBufferPointer
    private let sink: (UnsafeRawBufferPointer) throws(CheckpointError) -> Void
    private let path: String

    /// Starts a frame whose content will be exactly `contentSize` bytes; `path` names it in errors.
    package init(contentSize: Int, path: String,
         sink: @escaping (UnsafeRawBufferPointer) throws(CheckpointError) -> Void) throws(CheckpointError) {
        preferences = LZ4F_preferences_t()
        preferences.frameInfo.blockSizeID = LZ4F_max4MB
        preferences.frameInfo.blockMode = LZ4F_blockIndependent
        preferences.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled
        preferences.frameInfo.blockChecksumFlag = LZ4F_blockChecksumEnabled
        preferences.frameInfo.contentSize = UInt64(contentSize)
        self.path = path
        self.sink = sink
        let capacity = max(LZ4F_compressBound(Self.chunkSize, &preferences), Int(LZ4F_HEADER_SIZE_MAX))
        output = .allocate(byteCount: capacity, alignment: 16)
        try check(LZ4F_createCompressionContext(&context, UInt32(LZ4F_VERSION)), "create a compression context")
        let written = LZ4F_compressBegin(context, output.baseAddress, output.count, &preferences)
        try check(written, "begin the frame")
        try sink(UnsafeRawBufferPointer(rebasing: output[0..<written]))
    }

    deinit {
        LZ4F_freeCompressionContext(context)
        output.deallocate()
    }

    /// Compresses `bytes` (any length) and passes the output on.
    package func write(_ bytes: UnsafeRawBufferPointer) throws(CheckpointError) {
        var offset = 0
        while offset < bytes.count {
            let count = min(Self.chunkSize, bytes.count - offset)
            let written = LZ4F_compressUpdate(context, output.baseAddress, output.count,
                                              bytes.baseAddress! + offset, count, nil)
            try check(written, "compress")
            if written > 0 { try sink(UnsafeRawBufferPointer(rebasing: output[0..<written])) }
            offset += count
        }
    }

    /// Flushes the last block and writes the end mark and content checksum.
    package func finish() throws(CheckpointError) {
        let written = LZ4F_compressEnd(context, output.baseAddress, output.count, nil)
        try check(written, "end the frame")
        try sink(UnsafeRawBufferPointer(rebasing: output[0..<written]))
    }

    private func check(_ result: Int, _ action: String) throws(CheckpointError) {
        if LZ4F_isError(result) != 0 {
            throw CheckpointError(.io, "LZ4 could not \(action) for \(path): \(String(cString: LZ4F_getErrorName(result)))",
                                  hint: "this is a bug or an out-of-memory condition; retry")
        }
    }
}
