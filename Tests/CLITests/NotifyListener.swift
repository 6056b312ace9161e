import Foundation
import Glibc

/// A datagram socket standing in for systemd's notify socket; a spawned daemon gets its path as NOTIFY_SOCKET.
final class NotifyListener: @unchecked Sendable {
    let path: String
    private let fd: Int32
    private let lock = NSLock()
    private var lines: [String] = []
    private var arrivals: [Date] = []
    private var closed = false

    /// Every assignment received so far, in order (one datagram may carry several lines).
    var received: [String] { lock.lock(); defer { lock.unlock() }; return lines }

    /// When each of `received` arrived.
    var arrivalTimes: [Date] { lock.lock(); defer { lock.unlock() }; return arrivals }

    init() throws {
        path = "/tmp/at-notify-\(UUID().uuidString.prefix(8))"
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { bytes in
            for (index, byte) in path.utf8.prefix(bytes.count - 1).enumerated() { bytes[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard fd >= 0, bound == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        startReading()
    }

    /// Waits until an assignment starting with `prefix` arrives after the first `after` received ones;
    /// returns it, or nil after `timeout` seconds.
    /// Polls with `Task.sleep`, so a waiting test never blocks a thread other tests need.
    func await(_ prefix: String, after: Int = 0, timeout: Double = 10) async -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let now = received
            if after < now.count, let hit = now[after...].first(where: { $0.hasPrefix(prefix) }) { return hit }
            if Date() >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Reads datagrams on a thread of its own: like systemd, it always drains the socket, because a full
    /// socket queue would block the daemon's sd_notify calls.
    private func startReading() {
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 8192)
            while true {
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, 100)
                lock.lock()
                let stop = closed
                lock.unlock()
                if stop { return }
                guard ready == 1 else { continue }
                let count = recv(fd, &buffer, buffer.count, 0)
                guard count > 0 else { continue }
                let new = String(decoding: buffer[..<count], as: UTF8.self).split(separator: "\n").map(String.init)
                lock.lock()
                lines += new
                arrivals += Array(repeating: Date(), count: new.count)
                lock.unlock()
            }
        }
        thread.start()
    }

    /// Stops the reader thread (which holds the listener until then); the socket closes when it is released.
    func shutdown() {
        lock.lock()
        closed = true
        lock.unlock()
    }

    deinit {
        close(fd)
        unlink(path)
    }
}
