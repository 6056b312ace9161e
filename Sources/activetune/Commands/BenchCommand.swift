import ArgumentParser
import Benchmarks
import Checkpoint
import Foundation
import Model
import Selection

/// `activetune bench`: measures the engine's training, scoring and decoding throughput.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the engine (train, score, decode tokens/s, peak memory), uncertainty scoring and checkpoints."
    )

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Option(name: .customLong("config"), help: "Model shape to measure: S, M, G or L (SmolLM2-135M) (repeatable; default S, M and G, or none when only --uncertainty/--checkpoint is given).")
    var configs: [String] = []

    @Option(help: "Precision of the matrix products: bf16, fp32 or auto (bf16 where the CPU has AMX or AVX512-BF16); repeat to measure both.")
    var precision: [String] = []

    @Option(help: "Threads for OpenBLAS and the engine's loops (default: all cores).")
    var threads: Int?

    @Flag(help: "Also time scoring one NIV2-sized task and a demo training epoch on the default model.")
    var defaultModel = false

    @Option(help: "Seconds to spend timing each measurement.")
    var seconds: Double = 2

    @OptionGroup var uncertaintyOptions: UncertaintyBenchOptions

    @OptionGroup var checkpointOptions: CheckpointBenchOptions

    @OptionGroup var agreementOptions: PrecisionAgreementOptions

    /// The whole report; further sections (checkpoint, uncertainty) become further optional members.
    struct Report: Encodable {
        var cpu: String
        var kernel: String
        var blasCore: String
        var openblasCoretype: String?
        var threads: Int
        var configs: [ConfigResult]
        var defaultModel: DefaultModelBenchmark?
        var uncertainty: UncertaintyBenchmark?
        var uncertaintyServer: ServerScoringBenchmark?
        var checkpoint: CheckpointBenchmark.Result?
        var precisionAgreement: PrecisionAgreement?

        private enum CodingKeys: String, CodingKey {
            case cpu, kernel, blasCore = "blas_core", openblasCoretype = "openblas_coretype", threads, configs
            case defaultModel = "default_model", uncertainty, uncertaintyServer = "uncertainty_server", checkpoint
            case precisionAgreement = "precision_agreement"
        }
    }

    /// One shape's numbers, with the peak resident memory while it ran.
    struct ConfigResult: Encodable {
        var result: ModelBenchmark.Result
        var peakRSSBytes: Int?

        private enum CodingKeys: String, CodingKey { case peakRSSBytes = "peak_rss_bytes" }

        func encode(to encoder: any Encoder) throws {
            try result.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(peakRSSBytes, forKey: .peakRSSBytes)
        }
    }

    func validate() throws {
        let known = Set(ModelBenchmark.all.map(\.name))
        if let bad = configs.first(where: { !known.contains($0.uppercased()) }) {
            throw ValidationError("unknown --config \(bad); use one of " + ModelBenchmark.all.map(\.name).joined(separator: ", "))
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if seconds <= 0 { throw ValidationError("--seconds must be positive") }
    }

    func run() async throws {
        if let threads { Compute.setThreads(threads) }
        // With only another section asked for (--uncertainty, --checkpoint), no model shape runs unless named.
        let onlySections = configs.isEmpty
            && (uncertaintyOptions.uncertainty || checkpointOptions.checkpoint || agreementOptions.model != nil)
        // L takes minutes on 2 cores, so it runs only when named.
        let defaults = ModelBenchmark.all.map(\.name).filter { $0 != ModelBenchmark.smolLM2.name }
        let names = onlySections ? [] : configs.isEmpty ? defaults : configs.map { $0.uppercased() }
        var results: [ConfigResult] = []
        let precisions = try (precision.isEmpty ? ["auto"] : precision).map { try Precision(parsing: $0) }
        for spec in ModelBenchmark.all where names.contains(spec.name) {
            for precision in precisions {
                // Reset the kernel's high-water mark so each shape reports its own peak.
                let peakWasReset = PeakMemory.reset()
                let result = try ModelBenchmark.run(spec, precision: precision, seconds: seconds)
                results.append(ConfigResult(result: result, peakRSSBytes: peakWasReset ? PeakMemory.bytes() : nil))
                if !json { print(Self.row(results[results.count - 1])) }
            }
        }
        let scenario = defaultModel ? try DefaultModelBenchmark.run() : nil
        if let scenario, !json { print(Self.row(scenario)) }
        let section = try await uncertaintyOptions.run()
        let uncertainty = section?.0, server = section?.1
        if let uncertainty, !json { print(UncertaintyBenchOptions.row(uncertainty)) }
        if let server, !json { print(UncertaintyBenchOptions.row(server)) }
        let checkpoint = try checkpointOptions.run()
        if let checkpoint, !json { print(CheckpointBenchOptions.row(checkpoint)) }
        let agreement = try agreementOptions.run(data: uncertaintyOptions.data)
        if let agreement, !json { print(PrecisionAgreementOptions.row(agreement)) }
        let report = Report(cpu: MachineDescription.cpuModel, kernel: MachineDescription.kernelRelease,
                            blasCore: Compute.blasCoreName,
                            openblasCoretype: ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"],
                            threads: Compute.threads, configs: results, defaultModel: scenario, uncertainty: uncertainty,
                            uncertaintyServer: server, checkpoint: checkpoint, precisionAgreement: agreement)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print("\(report.cpu), Linux \(report.kernel); BLAS core \(report.blasCore), \(report.threads) threads")
        }
    }

    private static func row(_ d: DefaultModelBenchmark) -> String {
        func s(_ x: Double) -> String { String(Double(Int(x * 100)) / 100) }
        return "default model (\(d.parameters) parameters): task decode \(s(d.decodeSeconds)) s, "
            + "score \(s(d.scoreSeconds)) s (without prefix reuse \(s(d.scoreWithoutReuseSeconds)) s), "
            + "train epoch \(s(d.trainEpochSeconds)) s (\(Int(d.trainTokensPerSecond)) tok/s)"
    }

    private static func row(_ r: ConfigResult) -> String {
        let mib = r.peakRSSBytes.map { String($0 / (1 << 20)) } ?? "?"
        return "\(r.result.name) \(r.result.precision) (\(r.result.isa)): train \(Int(r.result.trainTokensPerSecond)) tok/s, "
            + "score \(Int(r.result.scoreTokensPerSecond)) tok/s, "
            + "decode \(Int(r.result.decodeTokensPerSecond)) tok/s, peak RSS \(mib) MiB"
    }
}
