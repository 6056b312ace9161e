import Logging

/// The catalogue of things the daemon reports, each with a stable journal MESSAGE_ID and a default level.
///
/// Log with `logger.log(event: .accepted, "task accepted", metadata: [...])`; the handler puts the event
/// in ACTIVETUNE_EVENT and its id in MESSAGE_ID, so `journalctl MESSAGE_ID=...` survives message rewording.
public enum ActivetuneEvent: String, CaseIterable, Sendable {
    /// The daemon started and is ready.
    case started
    /// The daemon is shutting down.
    case stopping
    /// The configuration was reloaded (SIGHUP).
    case reloaded
    /// A spool file was claimed for processing.
    case claimed
    /// A task file was validated and joined the pool.
    case accepted
    /// Input was refused and moved to failed/ with a reason.
    case rejected
    /// The spool event queue overflowed and the whole spool was rescanned.
    case spoolRescanned = "spool_rescanned"
    /// A task was scored against a model version.
    case scored
    /// A training round began.
    case roundStarted = "round_started"
    /// A training step report: loss, tokens/s, ETA.
    case trainingProgress = "training_progress"
    /// A training round ended.
    case roundFinished = "round_finished"
    /// A model was evaluated on held-out tasks.
    case evaluated
    /// A checkpoint was written and made durable.
    case committed
    /// The active model was switched to a new checkpoint.
    case rotated
    /// Old checkpoints beyond the retention count were removed.
    case pruned
    /// The active model was switched back to an earlier checkpoint.
    case rolledBack = "rolled_back"
    /// The `rotation.command` ran for a new active model (its outcome: exit status, seconds).
    case rotationCommand = "rotation_command"
    /// Start-up found damage (a bad checkpoint, unfinished work) and fell back to a good state.
    case recovered
    /// Something failed that the daemon survives but an operator should see.
    case error

    /// The journal MESSAGE_ID: 128 bits as 32 lower-case hex digits, fixed forever for this event.
    public var messageID: String {
        switch self {
        case .started: "821bc0309309448faac2262421f8ee8e"
        case .stopping: "286cfc478c584f04922bf46a8999be7d"
        case .reloaded: "6154f3e7d7384eaeadadb63ce4dfc759"
        case .claimed: "6e6ba5e451854414977d887c9cb5d2f9"
        case .accepted: "8b0e07e0998b442c92eebd8225e0ee30"
        case .rejected: "f381bc11bf9842e8bd7188b2f7f00196"
        case .spoolRescanned: "1679543bb7f041a6a55aeca6be88a643"
        case .scored: "1d049b38ff8447cb8aa389a0d3ebe226"
        case .roundStarted: "af77218e7d0a43a2832e0d34641d2d3f"
        case .trainingProgress: "102fe4e6b92d4f78add7578e554cf661"
        case .roundFinished: "8c644f87d99c4567b8d74c43f57101a9"
        case .evaluated: "8e1dca79c20b4baf89565e2de1ca9126"
        case .committed: "cf279ccfa89846098d9f970f7ae2f3e8"
        case .rotated: "96eef18a17a24c45a06cce157244ecbe"
        case .pruned: "22b6990d09934daeb01e09fa00ac1fd5"
        case .rolledBack: "3642b8336a7c41a7bdd68b7c88aa8937"
        case .rotationCommand: "c94488d37401461f8718c8dfc03e9d30"
        case .recovered: "183a947610224298a8b8f42c07b1ad1a"
        case .error: "40552ecbe3144aef97ac6036e25a67df"
        }
    }

    /// The level an event is logged at unless the caller knows better.
    ///
    /// Routine progress is info; milestones an operator scans for (rounds, rotations, lifecycle) are notice;
    /// refused input and fallbacks are warnings, because they need a person to look but do not stop the daemon.
    public var level: Logger.Level {
        switch self {
        case .claimed: .debug
        case .accepted, .scored, .trainingProgress, .evaluated, .committed, .pruned: .info
        case .started, .stopping, .reloaded, .spoolRescanned, .roundStarted, .roundFinished, .rotated, .rotationCommand:
            .notice
        case .rejected, .rolledBack, .recovered: .warning
        case .error: .error
        }
    }

    /// The event named by a log record's `event` metadata value, if it is one of the catalogue.
    public init?(metadataValue: Logger.MetadataValue?) {
        guard case .string(let name)? = metadataValue else { return nil }
        self.init(rawValue: name)
    }
}

extension Logger {
    /// Logs a catalogued event at its default level (or `level`), with `event` added to the metadata.
    public func log(event: ActivetuneEvent, _ message: @autoclosure () -> Logger.Message,
                    level: Logger.Level? = nil, metadata: @autoclosure () -> Logger.Metadata? = nil,
                    source: @autoclosure () -> String? = nil,
                    file: String = #fileID, function: String = #function, line: UInt = #line) {
        log(level: level ?? event.level, message(), metadata: {
            var merged = metadata() ?? [:]
            merged["event"] = .string(event.rawValue)
            return merged
        }(), source: source(), file: file, function: function, line: line)
    }
}
