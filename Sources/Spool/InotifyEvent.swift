import Glibc

/// One record read from an inotify descriptor.
struct InotifyEvent: Equatable {
    var mask: UInt32
    var name: String

    /// The records in a buffer returned by read(2) on an inotify fd:
    /// each is `wd: Int32, mask: UInt32, cookie: UInt32, len: UInt32` then `len` bytes of NUL-padded name.
    static func parse(_ buffer: UnsafeRawBufferPointer) -> [InotifyEvent] {
        var events: [InotifyEvent] = []
        var offset = 0
        let header = 16
        while offset + header <= buffer.count {
            let mask = buffer.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
            let length = Int(buffer.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
            let end = min(buffer.count, offset + header + length)
            let nameBytes = buffer[(offset + header)..<end].prefix { $0 != 0 }
            events.append(InotifyEvent(mask: mask, name: String(decoding: nameBytes, as: UTF8.self)))
            offset += header + length
        }
        return events
    }

    /// The kernel dropped events: only a full rescan can find what they were about.
    var isOverflow: Bool { mask & UInt32(IN_Q_OVERFLOW) != 0 }

    /// The watched directory itself was deleted, moved or unmounted: no more events will come.
    var watchEnded: Bool { mask & UInt32(IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT) != 0 }
}
