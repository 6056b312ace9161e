import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Sends completion requests to one server, retrying what a busy or restarting server answers (429, 5xx, no
/// connection) with exponential backoff; anything else is an error at once.
struct CompletionsClient: Sendable {
    let settings: ServerSettings
    let client: HTTPClient
    let logger: Logger

    /// The largest answer read: an echoed prompt with log-probabilities is a few hundred bytes per token.
    private static let maxResponseBytes = 64 << 20

    func complete(_ request: CompletionRequest) async throws -> CompletionResponse {
        var attempt = 0
        var delay = settings.backoff
        while true {
            do {
                return try await send(request)
            } catch let error as ServerError where error.code == .unreachable || error.code == .busy {
                guard attempt < settings.retries, !Task.isCancelled else { throw error }
                attempt += 1
                logger.debug("retrying a completion request", metadata: [
                    "attempt": "\(attempt)", "delay_s": "\(delay)", "error": "\(error.message)",
                ])
                try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
                delay = min(delay * 2, 30)
            }
        }
    }

    private func send(_ body: CompletionRequest) async throws -> CompletionResponse {
        var request = HTTPClientRequest(url: settings.completionsURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let key = settings.apiKey { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await client.execute(request, timeout: .milliseconds(Int64(settings.timeout * 1000)))
            bytes = try await response.body.collect(upTo: Self.maxResponseBytes)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw ServerError(.unreachable, "no answer from \(settings.completionsURL): \(error)",
                              hint: "check that the server runs and scoring.url names it; the task waits and is scored when it answers")
        }
        let text = String(buffer: bytes)
        guard response.status == .ok else {
            let busy = response.status == .tooManyRequests || response.status.code >= 500
            throw ServerError(busy ? .busy : .rejected, "\(settings.completionsURL) answered \(response.status.code) "
                              + "\(response.status.reasonPhrase): \(text.prefix(300))",
                              hint: busy ? "the server is busy or failing; the task waits and is retried"
                                  : "check scoring.model (\(settings.model)) and that the server offers /v1/completions")
        }
        do {
            return try JSONDecoder().decode(CompletionResponse.self, from: Data(text.utf8))
        } catch {
            throw ServerError(.malformed, "\(settings.completionsURL) answered something that is not a completions "
                              + "response (\(error)): \(text.prefix(300))",
                              hint: "scoring.url must name an OpenAI-compatible server (vLLM, SGLang, llama.cpp)")
        }
    }
}
