import Checkpoint

/// Start-up recovery: clean up after a crash and make sure the active model loads.
extension CheckpointStore {
    /// Removes leftover temporary files, verifies the active model, and if it is missing or corrupt
    /// activates `previous` (or else the newest version that verifies). Logs and reports what it did.
    public func recover() throws(CheckpointError) -> RecoveryReport {
        try StoreLock.withLock(directory) { () throws(CheckpointError) in
            var report = RecoveryReport()
            for name in try directory.entries() where name.hasPrefix(Self.temporaryPrefix) {
                try directory.remove(name)
                report.removedTemporaryFiles.append(name)
                logger.notice("removed leftover temporary file", metadata: ["file": "\(name)"])
            }
            if !report.removedTemporaryFiles.isEmpty { try directory.sync() }

            let active = link(Self.activeLink)
            if let active, let problem = problem(with: active) {
                report.rejected = active
                report.reason = problem
                logger.error("active model failed verification", metadata: [
                    "checkpoint.id": "\(active)", "error": "\(problem)",
                ])
            } else if let active {
                report.active = active
                return report
            }
            // Fall back: previous first, then the newest version that verifies.
            var candidates = try versions().reversed().filter { $0 != active }
            if let previous = link(Self.previousLink), previous != active {
                candidates.removeAll { $0 == previous }
                candidates.insert(previous, at: 0)
            }
            for candidate in candidates {
                if let problem = problem(with: candidate) {
                    logger.warning("fallback candidate failed verification", metadata: [
                        "checkpoint.id": "\(candidate)", "error": "\(problem)",
                    ])
                    continue
                }
                try directory.replaceLink(Self.activeLink, target: candidate.fileName)
                try directory.sync()
                report.active = candidate
                logger.notice("activated fallback model", metadata: [
                    "checkpoint.id": "\(candidate)", "checkpoint.rejected": "\(active.map(\.description) ?? "none")",
                ])
                return report
            }
            if active != nil || !candidates.isEmpty {
                logger.critical("no checkpoint verifies", metadata: ["directory": "\(path)"])
            }
            return report
        }
    }

    /// Why version `id` cannot be used, or nil if it verifies.
    private func problem(with id: CheckpointID) -> String? {
        do {
            try CheckpointFile.verify(path: directory.child(id.fileName))
            return nil
        } catch {
            return error.description
        }
    }
}
