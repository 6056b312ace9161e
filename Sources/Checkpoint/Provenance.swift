import Foundation

/// What produced a checkpoint; stored as JSON in the safetensors metadata key `activetune.provenance`.
public struct Provenance: Codable, Sendable, Equatable {
    /// A task trained on in this round and the score that selected it.
    public struct TaskScore: Codable, Sendable, Equatable {
        /// The task's identifier, e.g. `task1564_triviaqa_answer_generation`.
        public var task: String
        /// The selection score (e.g. prompt uncertainty) when the task was chosen; nil (JSON null) when no score
        /// chose it, as in round 0, which samples at random before any model has scored anything.
        public var score: Double?

        /// Makes a task/score pair.
        public init(task: String, score: Double?) {
            self.task = task
            self.score = score
        }

        private enum CodingKeys: String, CodingKey { case task, score }

        /// Writes `score` as null when there is none, so a reader sees "no score", not a missing field.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(task, forKey: .task)
            try container.encode(score, forKey: .score)
        }
    }

    /// The training round that produced the weights (0 = the initial model).
    public var round: Int
    /// The selection strategy, e.g. `prompt-uncertainty`.
    public var strategy: String
    /// The tasks trained on, with their scores.
    public var tasks: [TaskScore]
    /// Evaluation results by metric name, e.g. `["rougeL": 0.31]`.
    public var evaluation: [String: Double]
    /// The checkpoint these weights continued from, if any.
    public var parent: String?
    /// When the checkpoint was made.
    public var created: Date
    /// The activetune version that wrote it.
    public var programVersion: String

    /// Makes a provenance record; `created` defaults to now.
    public init(round: Int, strategy: String, tasks: [TaskScore] = [], evaluation: [String: Double] = [:],
                parent: String? = nil, created: Date = Date(), programVersion: String) {
        self.round = round
        self.strategy = strategy
        self.tasks = tasks
        self.evaluation = evaluation
        self.parent = parent
        self.created = created
        self.programVersion = programVersion
    }

    private enum CodingKeys: String, CodingKey {
        case round, strategy, tasks, evaluation, parent, created
        case programVersion = "program_version"
    }

    /// Non-finite scores (a diverged evaluation) are written as strings rather than failing the commit.
    private static let nonFinite = (positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")

    /// Compact JSON with sorted keys and an ISO 8601 creation time.
    func json() throws(CheckpointError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: Self.nonFinite.positiveInfinity, negativeInfinity: Self.nonFinite.negativeInfinity,
            nan: Self.nonFinite.nan)
        do {
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        } catch {
            throw CheckpointError(.invalidArgument, "could not encode the provenance: \(error)",
                                  hint: "pass task names and metric names that are valid strings")
        }
    }

    /// Decodes the JSON written by `json()`.
    package static func decode(_ text: String) throws -> Provenance {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity,
            nan: nonFinite.nan)
        return try decoder.decode(Provenance.self, from: Data(text.utf8))
    }
}
