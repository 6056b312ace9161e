import Foundation
import InferenceServer
import Logging
import Model
import Selection
import Tasks

/// Prompt-uncertainty scoring of the same tasks with the built-in engine and on an OpenAI-compatible server that
/// serves the same model (`bench --uncertainty --uncertainty-server FILE`): tasks per second each way, and how far the
/// two agree (greedy answers, mean NLL of every target under every prompt).
public struct ServerScoringBenchmark: Sendable, Encodable {
    /// The tasks measured.
    public var tasks: [String]
    /// The server's completions URL and the model name asked for.
    public var url: String, model: String
    /// Requests in flight on the server.
    public var concurrency: Int
    /// Tasks scored per second by the built-in engine (prefix reuse on) and by the server.
    public var localTasksPerSecond: Double, serverTasksPerSecond: Double
    /// Instances whose greedy answer is the same text both ways, of all instances.
    public var sameAnswers: Int, instances: Int
    /// The largest |mean NLL difference| (nats per token) over the instances with the same answer and every prompt.
    public var maxMeanNLLDifference: Double

    private enum CodingKeys: String, CodingKey {
        case tasks, url, model, concurrency, instances
        case localTasksPerSecond = "local_tasks_per_s", serverTasksPerSecond = "server_tasks_per_s"
        case sameAnswers = "same_answers", maxMeanNLLDifference = "max_mean_nll_difference"
    }

    /// Scores every task once each way, the built-in engine first.
    public static func run(model: Transformer, tokenizer: BPETokenizer, server: ServerSettings, tasks: [InstructionTask],
                           settings: ScoringSettings = ScoringSettings(), logger: Logger) async throws -> ServerScoringBenchmark {
        let local = try PromptUncertaintyScorer(model: model, tokenizer: tokenizer, settings: settings, logger: logger)
        let remote = try ServerScorer(server: server, settings: settings, tokenizer: tokenizer,
                                      contextLength: model.config.contextLength, logger: logger)
        var localSeconds = 0.0, serverSeconds = 0.0, same = 0, count = 0, largest = 0.0
        for task in tasks {
            var started = DispatchTime.now().uptimeNanoseconds
            let here = try local.score(task)
            localSeconds += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            started = DispatchTime.now().uptimeNanoseconds
            let there = try await remote.score(task)
            serverSeconds += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            for (a, b) in zip(here.instances, there.instances) {
                count += 1
                guard a.output == b.output else { continue }
                same += 1
                largest = max(largest, zip(a.meanNLL, b.meanNLL).map { abs($0 - $1) }.max() ?? 0)
            }
            logger.info("benchmark task scored both ways", metadata: ["task.id": "\(task.id)"])
        }
        return ServerScoringBenchmark(
            tasks: tasks.map(\.id), url: server.completionsURL, model: server.model, concurrency: server.concurrency,
            localTasksPerSecond: Double(tasks.count) / max(localSeconds, 1e-9),
            serverTasksPerSecond: Double(tasks.count) / max(serverSeconds, 1e-9),
            sameAnswers: same, instances: count, maxMeanNLLDifference: largest)
    }
}
