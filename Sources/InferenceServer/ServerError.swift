import Diagnostics

/// Why scoring on an inference server did not happen: the server is down, refused, or answered something that is
/// not what the method needs. A task whose scoring fails this way waits for the server; it is never failed.
public typealias ServerError = Failure<ServerFailures>

/// The inference-server module's kinds of failure, for `ServerError`.
public enum ServerFailures: FailureDomain {
    /// Messages start `server:`.
    public static let name = "server"
}

extension FailureCode where Domain == ServerFailures {
    /// No answer: connection refused, reset, or timed out, after every retry.
    public static let unreachable = Self("unreachable")
    /// The server answered 429 or a 5xx (busy, overloaded, failing) on every retry.
    public static let busy = Self("busy")
    /// The server answered another HTTP error (a wrong model name, a request it does not support).
    public static let rejected = Self("rejected")
    /// The answer is not an OpenAI completions response with what was asked for (text, log-probabilities, offsets).
    public static let malformed = Self("malformed")
    /// The server's echoed log-probabilities are not each token's given the tokens before it (a known engine bug).
    public static let misaligned = Self("misaligned")
    /// The settings cannot work (no URL, an API key file that cannot be read).
    public static let invalidSettings = Self("invalidSettings")
}
