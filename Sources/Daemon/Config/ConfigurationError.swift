/// A configuration file, variable or flag that cannot be used: every problem found, each naming its key.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    /// One problem with one key.
    public struct Problem: Sendable, Equatable {
        /// The dotted key (`budget.pool_size`), or empty for a syntax error.
        public var key: String
        /// Where the value came from: `FILE:LINE`, an environment variable, or a flag.
        public var source: String
        /// What is wrong and what is allowed.
        public var message: String
    }

    /// All problems, in the order found.
    public var problems: [Problem]

    public var description: String {
        let lines = problems.map { p in
            p.key.isEmpty ? "\(p.source): \(p.message)" : "\(p.source): `\(p.key)` \(p.message)"
        }
        return "invalid configuration:\n  " + lines.joined(separator: "\n  ")
            + "\nHINT: `activetune config check FILE` explains each key; README.md lists every key with its default."
    }
}
