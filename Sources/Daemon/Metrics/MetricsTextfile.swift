import Foundation

/// Writes metrics to a Prometheus textfile by rename, so a scraper never reads a half-written file.
public struct MetricsTextfile: Sendable {
    /// The file node_exporter's textfile collector reads (name must end in `.prom`).
    public let url: URL

    public init(url: URL) { self.url = url }

    /// Writes `snapshot` to a temporary file in the same directory and renames it over the target.
    public func write(_ snapshot: MetricsSnapshot) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        try Data(snapshot.render().utf8).write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            let message = String(cString: strerror(errno))
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path,
                NSLocalizedDescriptionKey: "cannot rename metrics file into \(url.path): \(message)"])
        }
    }
}
