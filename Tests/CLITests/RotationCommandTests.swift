import Foundation
import TestSupport
import Testing

/// `rotation.command` with the real daemon: it runs for the first model and again after round 0 rotates, gets the
/// active model as an HF directory and a GGUF file that llama.cpp's own `gguf` reader opens, and its failure is
/// reported (status, journal) without undoing the rotation.
@Suite(.serialized) struct RotationCommandTests {
    @Test func theCommandGetsEveryNewActiveModelAndItsFailureIsReported() async throws {
        _ = try ReferencePython.checked(importing: ["torch", "transformers", "gguf"])
        let daemon = try DaemonProcess()
        defer { try? FileManager.default.removeItem(at: daemon.root) }
        let base = try CommandTrainerTests.tinyLlama(in: daemon.root)
        let received = daemon.root.appendingPathComponent("received")
        try FileManager.default.createDirectory(at: received, withIntermediateDirectories: true)
        // `sh -c SCRIPT hook HF GGUF`: keeps what it was given, then fails for the second model it sees.
        let script = """
            test -f "$1/config.json" && test -f "$1/model.safetensors" || exit 9
            cp "$2" "\(received.path)/$ACTIVETUNE_MODEL_ID.gguf"
            echo "$ACTIVETUNE_MODEL_ID" >> "\(received.path)/models.txt"
            echo "loading $ACTIVETUNE_MODEL_ID into the server"
            test "$(wc -l < "\(received.path)/models.txt")" -lt 2 || { echo 'the server refused the model' >&2; exit 5; }
            """
        let configuration = SmallRounds.configuration(training: ["learning_rate": "0.01"], extra: """
            [model]
            base = "\(base.path)"
            [rotation]
            command = ["/bin/sh", "-c", \(SmallRounds.tomlString(script)), "hook"]
            command_timeout = 120

            """)
        try await CommandTrainerTests.start(daemon, configuration: configuration)
        let handed = await daemon.eventually(timeout: 600) {
            let status = try? daemon.status()
            let rounds = status?["rounds"] as? [String: Any]
            let hook = status?["rotation_command"] as? [String: Any]
            return (rounds?["rotated"] as? Int ?? 0) >= 1 && hook?["model"] as? String == status?["active_model"] as? String
        }
        let status = try daemon.status()
        #expect(handed, "the command did not run for round 0's model: \(status)\n\(daemon.logText.suffix(4000))")
        _ = await daemon.stop()

        // Two models handed over, in order: the imported base, then round 0's model, which is active.
        let models = try String(contentsOf: received.appendingPathComponent("models.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let active = try #require(status["active_model"] as? String)
        #expect(models.count == 2 && models.last == active && models.first != active, "\(models), active \(active)")
        // The second run failed: reported with its exit status, and the rotation stands.
        let hook = try #require(status["rotation_command"] as? [String: Any])
        #expect(hook["outcome"] as? String == "exited with status 5", "\(hook)")
        #expect((status["rounds"] as? [String: Any])?["rotated"] as? Int == 1)
        #expect(daemon.logText.contains("rotation command failed") && daemon.logText.contains("the server refused the model"),
                "\(daemon.logText.suffix(3000))")
        #expect(daemon.logText.contains("rotation command done"), "the first run is reported too")
        // What the command got is a GGUF file llama.cpp's reader opens, of the Llama architecture.
        let gguf = received.appendingPathComponent("\(active).gguf").path
        let read = try ReferencePython.run(["-c", """
            import gguf, sys
            reader = gguf.GGUFReader(sys.argv[1])
            field = reader.fields["general.architecture"]
            print(bytes(field.parts[field.data[0]]).decode(), len(reader.tensors))
            """, gguf], importing: ["gguf"])
        #expect(read.status == 0 && read.stdout.hasPrefix("llama "), "\(read.stdout) \(read.stderr)")
        // Only the active model's export is kept.
        let exports = try FileManager.default.contentsOfDirectory(atPath: daemon.state.appendingPathComponent("exports").path)
        #expect(exports == [active], "\(exports)")
    }
}
