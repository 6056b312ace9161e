import Foundation

/// Where and how to reach an OpenAI-compatible completions server (vLLM, SGLang, llama.cpp's servers).
///
/// - `url`: the server's base URL, e.g. `http://gpu-1:8000` (requests go to `url/v1/completions`).
/// - `model`: the `model` field of every request (the name the server serves the active model under).
/// - `apiKey`: sent as `Authorization: Bearer`; never logged, never recorded with the configuration.
/// - `concurrency`: requests in flight at most (a task's n·(k+1) scoring requests run up to this many at once).
/// - `timeout`: seconds one request may take.
/// - `retries`: how often a request that met a 429, a 5xx or no connection is tried again, with exponential backoff
///   from `backoff` seconds (doubling, capped at 30 s).
public struct ServerSettings: Sendable, Equatable {
    public var url: String
    public var model: String
    public var apiKey: String?
    public var concurrency: Int
    public var timeout: Double
    public var retries: Int
    public var backoff: Double

    /// Settings with the defaults the configuration documents.
    public init(url: String, model: String, apiKey: String? = nil, concurrency: Int = 4, timeout: Double = 120,
                retries: Int = 3, backoff: Double = 1) {
        self.url = url
        self.model = model
        self.apiKey = apiKey
        self.concurrency = concurrency
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
    }

    /// `url/v1/completions`, whether `url` ends with a slash, with `/v1`, or neither.
    public var completionsURL: String {
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasSuffix("/v1") { base.removeLast(3) }
        return base + "/v1/completions"
    }

    /// The API key from `file` (its first line, trimmed) or else the environment variable `variable`; nil if neither
    /// holds one. A named file that cannot be read is an error, not a silent "no key".
    public static func apiKey(file: String, variable: String = "ACTIVETUNE_SCORING_API_KEY",
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        if !file.isEmpty {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ServerError(.invalidSettings, "cannot read the API key file \(file)",
                                  hint: "check scoring.api_key_file: the file must exist and be readable by the daemon's user")
            }
            let key = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            return key.isEmpty ? nil : key
        }
        return environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }
}
