import Foundation
import Logging
import Spool
import State
import Systemd
import Tasks

/// Turns spool files into accepted tasks: claim, read, validate, store, then move to `done/` or `failed/`.
///
/// Crash safety: the file's tasks and the decision on it are committed in one transaction before the file
/// moves. A restart that finds the file still in `processing/` finds that decision (by the file's identity)
/// and only moves the file, so its tasks are neither counted twice nor reported as duplicates of themselves.
///
/// Duplicates: a task whose content hash is already accepted (or appears earlier in the same file) is not
/// added again and is logged as `rejected` with reason `duplicate`. A file goes to `failed/` only when none of
/// its tasks is new; a JSONL file with some new tasks goes to `done/`, its duplicate lines logged one by one.
public struct TaskIntake: Sendable {
    private let directory: String
    private let store: StateStore
    private let configuration: LiveConfiguration
    private let logger: Logger

    /// An intake for the spool at `directory`; the size cap is read from `configuration` for every file.
    public init(spoolDirectory directory: String, store: StateStore, configuration: LiveConfiguration, logger: Logger) {
        self.directory = directory
        self.store = store
        self.configuration = configuration
        self.logger = logger
    }

    /// The spool with the size cap in force now.
    public var spool: Spool {
        // The intake logs every refusal itself, with its reason code; the spool's own warning would repeat it.
        var quiet = logger
        quiet.logLevel = .error
        return Spool(directory: directory, maxFileSize: configuration.current.maxFileBytes, logger: quiet)
    }

    /// Claims and processes the spool entry `name`; returns true when the state changed.
    @discardableResult
    public func handle(name: String) -> Bool {
        let spool = spool
        do {
            switch try spool.claim(name) {
            case .claimed(let file):
                return process(file, spool: spool)
            case .quarantined(let name, let failedName, let reason):
                let code = RejectionCode.ofQuarantined(atPath: spool.failedDirectory + "/" + failedName)
                logger.log(event: .rejected, "spool entry refused", metadata: [
                    "file": "\(name)", "failed": "\(failedName)", "reason": "\(code)", "message": "\(reason)",
                ])
                try store.reject(StoredRejection(file: name, reason: code, message: reason, at: Self.now))
                return true
            case .leftInSpool(let name, let reason):
                let code = RejectionCode.ofQuarantined(atPath: spool.directory + "/" + name)
                logger.log(event: .rejected, "spool entry refused; it could not be moved and stays in the spool", metadata: [
                    "file": "\(name)", "reason": "\(code)", "message": "\(reason)",
                ])
                try store.reject(StoredRejection(file: name, reason: code, message: reason, at: Self.now))
                return true
            case .ignored:
                return false
            }
        } catch {
            failed("claiming \(name)", error)
            return false
        }
    }

    /// Processes files an earlier run left in `processing/`, then closes the claims nothing is left for.
    /// Returns how many files it finished.
    @discardableResult
    public func recover() throws -> Int {
        let spool = spool
        let files = try spool.recoverClaimed()
        for file in files { _ = process(file, spool: spool) }
        try restoreReasons(spool: spool)
        try store.closeOpenClaims(at: Self.now)
        return files.count
    }

    /// A crash between moving a refused file into `failed/` and writing its `.reason` leaves the file without
    /// one; the decision still holds the text, so write it now (only beside the very file, by identity).
    private func restoreReasons(spool: Spool) throws {
        for claim in try store.openClaims() where claim.outcome == .failed {
            let path = spool.failedDirectory + "/" + claim.name
            let reasonPath = path + ".reason"
            guard FileIdentity.of(path: path) == claim.identity, FileIdentity.of(path: reasonPath) == nil else { continue }
            try Data(((claim.reason ?? "refused") + "\n").utf8).write(to: URL(fileURLWithPath: reasonPath), options: .atomic)
            logger.log(event: .recovered, "wrote the reason a crash left unwritten", metadata: ["file": "\(claim.name)"])
        }
    }

    /// Decides on one claimed file (or replays a decision made before a crash) and moves it.
    func process(_ file: ClaimedFile, spool: Spool) -> Bool {
        guard let identity = FileIdentity.of(path: file.path) else { return false }
        do {
            if let claim = try store.openClaim(name: file.name, identity: identity) {
                logger.log(event: .recovered, "finishing a file decided before a restart", metadata: [
                    "file": "\(file.name)", "outcome": "\(claim.outcome.rawValue)",
                ])
                return finish(file, claim: claim, spool: spool)
            }
            let (claim, intake) = try decide(file, identity: identity, spool: spool)
            report(file, intake: intake)
            // The state changed with the commit above, whether or not the move below succeeds.
            _ = finish(file, claim: claim, spool: spool)
            return true
        } catch {
            failed("processing \(file.name)", error)
            return false
        }
    }

    /// Reads and judges a claimed file and commits the decision (not yet moving the file).
    func decide(_ file: ClaimedFile, identity: FileIdentity,
                spool: Spool) throws -> (claim: StoredClaim, intake: StateStore.Intake) {
        let refuse = { (code: String, reason: String) in
            let decided = try store.recordFile([], name: file.name, identity: identity, at: Self.now) { _ in
                (.failed, reason, code)
            }
            logger.log(event: .rejected, "task file refused", metadata: [
                "file": "\(file.name)", "reason": "\(code)", "message": "\(reason)",
            ])
            return decided
        }
        let bytes: [UInt8]
        do {
            bytes = try spool.read(file)
        } catch let error where error.code == .tooLarge {
            return try refuse(RejectionCode.of(error), "\(file.name): larger than the spool's size cap of "
                + "\(spool.maxFileSize) bytes. HINT: split the task file, or raise spool.max_file_bytes in the configuration")
        } catch {
            return try refuse(RejectionCode.of(error), "\(file.name): \(error)")
        }
        let taskFile: TaskFile
        do {
            let reader = TaskFileReader(sizeCap: spool.maxFileSize, followsSymlinks: false)
            taskFile = try reader.read(Data(bytes), name: file.name)
        } catch {
            return try refuse(RejectionCode.of(error), error.description)
        }
        let now = Self.now
        let tasks = try taskFile.tasks.map { task in
            StoredTask(hash: task.contentHash, name: task.id, file: file.name, format: task.format.rawValue,
                       kind: task.kind, instances: task.instances.count, body: try JSONEncoder().encode(task),
                       acceptedAt: now)
        }
        return try store.recordFile(tasks, name: file.name, identity: identity, at: now) { intake in
            guard intake.accepted.isEmpty else { return (.done, nil, nil) }
            return (.failed, Self.allDuplicates(file.name, intake.duplicates), RejectionCode.duplicate)
        }
    }

    private static func allDuplicates(_ name: String, _ duplicates: [(task: StoredTask, original: StoredTask)]) -> String {
        let list = duplicates.prefix(5).map { "task \($0.task.name) duplicates \($0.original.name) from \($0.original.file)" }
        let more = duplicates.count > 5 ? " and \(duplicates.count - 5) more" : ""
        return "\(name): every task in this file is already accepted (same content hash): "
            + list.joined(separator: "; ") + more
            + ". HINT: nothing to do, the tasks are in the pool already; change a task's content to submit it as new"
    }

    private func report(_ file: ClaimedFile, intake: StateStore.Intake) {
        for task in intake.accepted {
            logger.log(event: .accepted, "task accepted", metadata: [
                "task": "\(task.name)", "task.hash": "\(task.hash)", "task.kind": "\(task.kind)",
                "task.instances": "\(task.instances)", "file": "\(file.name)",
            ])
        }
        for (task, original) in intake.duplicates {
            logger.log(event: .rejected, "duplicate task not added", metadata: [
                "task": "\(task.name)", "task.hash": "\(task.hash)", "file": "\(file.name)", "reason": "duplicate",
                "original.task": "\(original.name)", "original.file": "\(original.file)",
            ])
        }
    }

    private func finish(_ file: ClaimedFile, claim: StoredClaim, spool: Spool) -> Bool {
        do {
            let outcome: SpoolOutcome = claim.outcome == .done ? .done : .failed(reason: claim.reason ?? "refused")
            try spool.finish(file, outcome)
            if let id = claim.id { try store.finishClaim(id: id, at: Self.now) }
            return true
        } catch {
            failed("moving \(file.name) out of processing/", error)
            return false
        }
    }

    private func failed(_ doing: String, _ error: any Error) {
        logger.log(event: .error, "intake failed; the file stays where it is and is retried on restart", metadata: [
            "while": "\(doing)", "error": "\(error)",
        ])
        try? store.setSetting("last_error", "\(doing): \(error)")
    }

    private static var now: Double { Date().timeIntervalSince1970 }
}
