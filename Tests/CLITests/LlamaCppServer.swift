import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

/// llama-cpp-python's OpenAI-compatible server (`python -m llama_cpp.server`, built from source by set-up) serving one
/// GGUF file on a free local port, ended with the test (SIGKILL on request, or when the test process ends).
final class LlamaCppServer: @unchecked Sendable {
    let model: URL
    let port: Int
    private var process: Process?
    private let log: URL

    /// The server's base URL, as `scoring.url` names it.
    var url: String { "http://127.0.0.1:\(port)" }

    /// A server for `model` on `port` (a fresh free one when nil); not started.
    init(model: URL, port: Int? = nil, log: URL) throws {
        self.model = model
        self.port = try port ?? Self.freePort()
        self.log = log
    }

    deinit { kill() }

    /// Starts the server and waits until it answers: loading a model takes seconds alone, minutes beside the rest of
    /// the suite (a 120 s limit was too short in a full `make test` on 2 cores).
    func start(timeout: Double = 600) async throws {
        let python = try ReferencePython.checked(importing: ["llama_cpp", "uvicorn", "fastapi"])
        let process = Process()
        process.executableURL = python
        // logits_all: echo needs every prompt position's logits. type_k/type_v 0 (F32): llama.cpp's default F16
        // key/value cache moves a mean NLL by ~4e-4 nats, F32 by ~2e-5 (measured on SmolLM2). One thread per core,
        // a context that holds a prompt, its answer and EOS; seed fixed (greedy anyway).
        process.arguments = ["-m", "llama_cpp.server", "--model", model.path, "--host", "127.0.0.1", "--port", "\(port)",
                             "--logits_all", "true", "--type_k", "0", "--type_v", "0", "--n_ctx", "2048",
                             "--n_threads", "2", "--seed", "0"]
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try ChildLifetime.run(process)
        self.process = process
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if await answers() { return }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw ServerDidNotStart(log: (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    /// Ends the server at once (SIGKILL), as a crash would.
    func kill() {
        guard let process, process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Whether `GET /v1/models` answers 200.
    func answers() async -> Bool {
        guard let url = URL(string: "\(url)/v1/models") else { return false }
        var request = URLRequest(url: url)
        request.timeoutInterval = 2
        return await withCheckedContinuation { continuation in
            URLSession.shared.dataTask(with: request) { _, response, _ in
                continuation.resume(returning: (response as? HTTPURLResponse)?.statusCode == 200)
            }.resume()
        }
    }

    /// A TCP port nothing listens on now.
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else { throw CocoaError(.fileWriteUnknown) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    struct ServerDidNotStart: Error, CustomStringConvertible {
        var log: String
        var description: String { "llama_cpp.server did not answer; its log ends: \(log.suffix(3000))" }
    }
}
