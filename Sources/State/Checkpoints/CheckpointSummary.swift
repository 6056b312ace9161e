import Checkpoint
import Foundation

/// One line of `activetune checkpoints`: a version and what its header says about it.
public struct CheckpointSummary: Sendable, Codable, Equatable {
    /// The version's identifier.
    public var id: String
    /// The compressed file size in bytes.
    public var bytes: Int
    /// The provenance from the header, or nil if the header could not be read.
    public var provenance: Provenance?
    /// Whether `active` points at this version.
    public var active: Bool
    /// Whether `previous` points at this version.
    public var previous: Bool
    /// Why the header could not be read, if it could not.
    public var problem: String?
}

/// Listing: headers only, so it is fast even for large models (checksums are verified on load).
extension CheckpointStore {
    /// Every version, oldest first, with size, provenance and active/previous flags.
    public func list() throws(CheckpointError) -> [CheckpointSummary] {
        let active = activeID, previous = previousID
        return try versions().map { id in
            var summary = CheckpointSummary(id: id.description, bytes: directory.size(id.fileName) ?? 0,
                                            provenance: nil, active: id == active, previous: id == previous)
            do {
                let header = try CheckpointFile.header(path: directory.child(id.fileName))
                guard let json = header.metadata[Checkpoint.Key.provenance] else {
                    summary.problem = "no \(Checkpoint.Key.provenance) in the header"
                    return summary
                }
                summary.provenance = try Provenance.decode(json)
            } catch {
                summary.problem = "\(error)"
            }
            return summary
        }
    }
}
