import Foundation
import InferenceServer
import Selection

extension DaemonConfiguration {
    /// The scoring method's settings (n, k, drop rate, decoding length, seed, stop), shared by both backends.
    public var scoringSettings: ScoringSettings {
        ScoringSettings(instances: scoringInstances, perturbations: scoringPerturbations, dropRate: scoringDropRate,
                        maxNewTokens: scoringMaxNewTokens, seed: UInt64(scoringSeed), stopSequence: scoringStopSequence)
    }

    /// The server of `scoring.backend = "openai"`, with the API key read now from `scoring.api_key_file` or
    /// `ACTIVETUNE_SCORING_API_KEY` (so a rotated key file is picked up without a restart).
    public func serverSettings(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ServerSettings {
        ServerSettings(url: scoringURL, model: scoringModel,
                       apiKey: try ServerSettings.apiKey(file: scoringAPIKeyFile, environment: environment),
                       concurrency: scoringConcurrency, timeout: Double(scoringTimeout), retries: scoringRetries)
    }
}
