import Foundation
import TestSupport
import Testing

/// `--precision` and `model.precision`: bf16 where the CPU multiplies bf16 natively (emulated where it does not),
/// measured against fp32.
@Suite struct PrecisionCommandTests {
    /// What `auto` must pick here: bf16 on a CPU with AMX or AVX512-BF16, fp32 on one with neither.
    static let cpuHasBF16 = ((try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "")
        .split(whereSeparator: \.isWhitespace).contains { $0 == "avx512_bf16" || $0 == "amx_bf16" }

    /// The instruction set `bf16` reports here: oneDNN's AVX-512 kernels, or the emulation on OpenBLAS.
    static func isBF16ISA(_ isa: String) -> Bool {
        cpuHasBF16 ? isa.hasPrefix("avx512_core_") : isa.hasPrefix("emulated:openblas:")
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not JSON: \(text)")
    }

    /// The issue's accuracy criterion on the real pretrained default: bf16 ranks 20 real NIV2 tasks by prompt
    /// uncertainty as fp32 does (Spearman ≥ 0.98), with the p_ij differences reported.
    @Test func bf16RanksRealTasksLikeFP32() async throws {
        let gguf = PretrainedModelCommandTests.gguf.path
        try #require(FileManager.default.fileExists(atPath: gguf), "missing \(gguf). HINT: run ./scripts/setup.sh --test")
        let data = try TaskFileLocations.sharedData().appendingPathComponent("niv2/tasks").path
        let run = try await offPool {
            try ActiveTuneBinary.run(["bench", "--json", "--precision-agreement", gguf, "--data", data])
        }
        try #require(run.status == 0, "\(run.stderr)")
        let section = try #require(try Self.json(run.stdout)["precision_agreement"] as? [String: Any])
        print("precision agreement: \(section.filter { $0.key != "tasks" })")
        #expect((section["tasks"] as? [String])?.count == 20)
        #expect(Self.isBF16ISA(section["isa"] as? String ?? ""), "\(section["isa"] ?? "")")
        let rho = try #require(section["spearman"] as? Double)
        #expect(rho >= 0.98, "Spearman \(rho)")
        let maxDP = try #require(section["max_p_difference"] as? Double)
        let medianDP = try #require(section["median_p_difference"] as? Double)
        #expect(medianDP > 0 && medianDP <= maxDP && maxDP < 0.2)
        #expect((section["same_target_share"] as? Double ?? 0) > 0.8)
        #expect((section["seconds_fp32"] as? Double ?? 0) > 0 && (section["seconds_bf16"] as? Double ?? 0) > 0)
    }

    @Test func benchMeasuresBothPrecisionsAndSaysWhich() throws {
        let run = try ActiveTuneBinary.run(["bench", "--json", "--config", "S", "--precision", "fp32", "--precision", "bf16",
                                            "--seconds", "0.01"])
        try #require(run.status == 0, "\(run.stderr)")
        let configs = try #require(try Self.json(run.stdout)["configs"] as? [[String: Any]])
        #expect(configs.map { $0["precision"] as? String } == ["fp32", "bf16"])
        #expect((configs[0]["isa"] as? String)?.hasPrefix("openblas:") == true)
        #expect(Self.isBF16ISA(configs[1]["isa"] as? String ?? ""), "\(configs[1])")
        // auto is bf16 on a CPU with bf16 instructions, fp32 (not the slower emulation) on one without.
        let auto = try ActiveTuneBinary.run(["bench", "--json", "--config", "S", "--seconds", "0.01"])
        let autoConfigs = try #require(try Self.json(auto.stdout)["configs"] as? [[String: Any]])
        #expect(autoConfigs.first?["precision"] as? String == (Self.cpuHasBF16 ? "bf16" : "fp32"))
    }

    /// `model.precision` forces either path whatever the CPU has; `status` and the journal's ready line say which.
    @Test(arguments: ["fp32", "auto", "bf16"])
    func daemonComputesInTheConfiguredPrecision(setting: String) async throws {
        let daemon = try DaemonProcess()
        defer { try? FileManager.default.removeItem(at: daemon.root) }
        let config = daemon.root.appendingPathComponent("activetune.toml")
        try "[model]\nprecision = \"\(setting)\"\n".write(to: config, atomically: true, encoding: .utf8)
        try daemon.start(["--config", config.path])
        let ready = await daemon.eventually(timeout: 60) { daemon.notify.received.contains("READY=1") }
        let compute = try daemon.status()["compute"] as? [String: Any]
        #expect(await daemon.stop() == 0)
        #expect(ready, "no READY=1: \(daemon.logText)")
        let expected = setting == "auto" ? (Self.cpuHasBF16 ? "bf16" : "fp32") : setting
        #expect(compute?["precision"] as? String == expected, "status compute: \(String(describing: compute))")
        let isa = compute?["isa"] as? String ?? ""
        #expect(expected == "fp32" ? isa.hasPrefix("openblas:") : Self.isBF16ISA(isa), "\(isa)")
        #expect(daemon.logText.contains("precision=\(expected)"), "\(daemon.logText.suffix(2000))")
        // A bf16 the CPU has to emulate is slower than fp32: status and the journal say so.
        let emulated = expected == "bf16" && !Self.cpuHasBF16
        #expect(((compute?["note"] as? String)?.contains("emulated") ?? false) == emulated, "\(String(describing: compute))")
        #expect(daemon.logText.contains("bf16 is emulated on this CPU") == emulated)
    }

    /// A process that may not make memory executable (systemd's MemoryDenyWriteExecute=yes; here the kernel's
    /// PR_SET_MDWE, set by Python before exec) cannot run oneDNN's generated kernels: `auto` falls back to fp32 and
    /// an explicit bf16 is refused with the reason, instead of crashing in the first product. On a CPU without bf16
    /// instructions nothing is generated: `auto` is fp32 anyway and the emulated bf16 runs.
    @Test func noExecutableMemoryMeansFP32() throws {
        let script = """
            import ctypes, os, sys
            if ctypes.CDLL(None, use_errno=True).prctl(65, 1, 0, 0, 0) != 0:
                sys.exit("PR_SET_MDWE failed: errno %d" % ctypes.get_errno())
            os.execv(sys.argv[1], sys.argv[1:])
            """
        func run(_ arguments: [String]) throws -> ExternalTool.Output {
            try ExternalTool.run(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", script, ActiveTuneBinary.url.path] + arguments)
        }
        let auto = try run(["bench", "--json", "--config", "S", "--seconds", "0.01"])
        try #require(auto.status == 0, "\(auto.stderr)")
        let configs = try #require(try Self.json(auto.stdout)["configs"] as? [[String: Any]])
        #expect(configs.first?["precision"] as? String == "fp32")
        let forced = try run(["bench", "--json", "--config", "S", "--precision", "bf16", "--seconds", "0.01"])
        if Self.cpuHasBF16 {
            #expect(forced.status != 0)
            #expect(forced.stderr.contains("MemoryDenyWriteExecute"), "\(forced.stderr)")
        } else {
            #expect(forced.status == 0, "\(forced.stderr)")
            let forcedConfigs = try Self.json(forced.stdout)["configs"] as? [[String: Any]]
            #expect(forcedConfigs?.first?["isa"] as? String == "emulated:" + (configs.first?["isa"] as? String ?? ""))
        }
    }

    @Test func unknownPrecisionIsRefusedWithTheChoices() throws {
        let score = try ActiveTuneBinary.run(["score", "--precision", "fp16", TaskFileLocations.examples()
            .appendingPathComponent("task1146_country_capital.json").path])
        #expect(score.status != 0)
        #expect(score.stderr.contains("precision `fp16` is not one of fp32, bf16, auto"), "\(score.stderr)")
        let daemon = try DaemonProcess()
        defer { try? FileManager.default.removeItem(at: daemon.root) }
        let config = daemon.root.appendingPathComponent("activetune.toml")
        try "[model]\nprecision = \"fp16\"\n".write(to: config, atomically: true, encoding: .utf8)
        let check = try ActiveTuneBinary.run(["daemon", "--config", config.path, "--spool", daemon.root.path + "/spool",
                                              "--state", daemon.state.path])
        #expect(check.status == 78, "\(check.stderr)")
        #expect(check.stderr.contains("model.precision") && check.stderr.contains("auto, bf16, fp32"), "\(check.stderr)")
    }
}
