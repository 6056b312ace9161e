import Glibc
@testable import Spool
import Testing

/// Decoding the records read(2) returns from an inotify descriptor.
@Suite struct InotifyEventTests {
    private func record(mask: Int32, name: String, padTo length: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for value in [UInt32(1), UInt32(bitPattern: mask), 0, UInt32(length)] {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        let name = Array(name.utf8)
        return bytes + name + [UInt8](repeating: 0, count: length - name.count)
    }

    @Test func recordsWithPaddedNamesAndAnOverflowAreDecoded() {
        let buffer = record(mask: IN_CLOSE_WRITE, name: "a.json", padTo: 16)
            + record(mask: IN_Q_OVERFLOW, name: "", padTo: 0)
            + record(mask: IN_MOVED_TO, name: "task-0001.jsonl", padTo: 32)
        let events = buffer.withUnsafeBytes { InotifyEvent.parse($0) }
        #expect(events == [InotifyEvent(mask: UInt32(IN_CLOSE_WRITE), name: "a.json"),
                           InotifyEvent(mask: UInt32(IN_Q_OVERFLOW), name: ""),
                           InotifyEvent(mask: UInt32(IN_MOVED_TO), name: "task-0001.jsonl")])
        #expect(events.map(\.isOverflow) == [false, true, false])
        #expect(InotifyEvent(mask: UInt32(IN_IGNORED), name: "").watchEnded)
    }

    @Test func aTruncatedBufferYieldsOnlyWholeHeaders() {
        let buffer = Array(record(mask: IN_CLOSE_WRITE, name: "abc", padTo: 16).prefix(10))
        #expect(buffer.withUnsafeBytes { InotifyEvent.parse($0) }.isEmpty)
    }
}
