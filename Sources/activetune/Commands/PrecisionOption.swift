import ArgumentParser
import Model

/// `--precision bf16|fp32|auto`: the number format of the matrix products of the commands that compute.
struct PrecisionOption: ParsableArguments {
    @Option(help: ArgumentHelp("Matrix products in bf16 (AMX or AVX512-BF16, fp32 accumulation) or fp32 (exact); "
                               + "auto picks bf16 where the CPU has it.", valueName: "bf16|fp32|auto"))
    var precision = "auto"

    func validate() throws {
        do { _ = try Precision(parsing: precision) } catch { throw ValidationError("\(error)") }
    }

    /// Makes the chosen precision the one every model of this command computes in.
    func apply() throws {
        try Compute.setPrecision(try Precision(parsing: precision))
    }
}
