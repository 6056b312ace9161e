import Logging

/// Metadata merging shared by the log handlers: handler metadata, then the provider's, then the call's.
enum LogMetadata {
    /// The metadata of one record; later sources win on equal keys.
    static func merged(_ handler: Logger.Metadata, provider: Logger.MetadataProvider?,
                       event: Logger.Metadata?) -> Logger.Metadata {
        var merged = handler
        if let provided = provider?.get() { merged.merge(provided) { $1 } }
        if let event { merged.merge(event) { $1 } }
        return merged
    }
}
