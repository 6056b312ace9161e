import Foundation
import TestSupport
import Testing
@testable import Safetensors

/// An independent reader (Python's struct + json + numpy, no safetensors package) agrees with ours.
@Suite struct PythonInteropTests {
    /// Reads the file the reference way and prints what it found as JSON; asserts the layout rules.
    static let reader = #"""
    import json, struct, sys
    import numpy as np
    raw = open(sys.argv[1], "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    assert n % 8 == 0, "header length %d is not a multiple of 8" % n
    text = raw[8:8 + n].decode("utf-8")
    assert text.rstrip(" ").endswith("}"), "header must be JSON padded with spaces"
    header = json.loads(text)
    meta = header.pop("__metadata__", {})
    data = raw[8 + n:]
    kinds = {"F32": "<f4", "F64": "<f8", "I64": "<i8", "I32": "<i4", "U8": "u1", "BF16": "<u2"}
    out, end = {}, 0
    for name in header:
        info = header[name]
        b, e = info["data_offsets"]
        assert b == end, "tensor %s is not contiguous" % name
        end = e
        arr = np.frombuffer(data[b:e], dtype=kinds[info["dtype"]])
        if info["dtype"] == "BF16":
            arr = (arr.astype(np.uint32) << 16).view(np.float32)
        arr = arr.reshape(info["shape"])
        out[name] = {"dtype": info["dtype"], "shape": list(arr.shape), "values": arr.ravel().tolist()}
    assert end == len(data), "data has %d bytes, tensors cover %d" % (len(data), end)
    print(json.dumps({"names": list(header), "metadata": meta, "tensors": out}))
    """#

    struct Report: Decodable {
        struct Tensor: Decodable { var dtype: String; var shape: [Int]; var values: [Double] }
        var names: [String]
        var metadata: [String: String]
        var tensors: [String: Tensor]
    }

    @Test func pythonReadsWhatSwiftWrote() throws {
        let weights = (0..<24).map { Float($0) * 0.37 - 4 }
        let file = try SafetensorsFile(tensors: [
            TensorEntry(name: "h.1.mlp.c_fc.weight", shape: [4, 6], floats: weights),
            TensorEntry(name: "h.0.ln_1.bias", shape: [3], bfloat16From: [0.5, -1.5, 2]),
            TensorEntry(name: "ids", dtype: .i64, shape: [1, 1], data: [7, 0, 0, 0, 0, 0, 0, 0]),
        ], metadata: ["config": #"{"n_layer": 2}"#, "ünicode": "ok"])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID()).safetensors")
        defer { try? FileManager.default.removeItem(at: path) }
        try Data(file.serialize()).write(to: path)
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("read-\(UUID()).py")
        defer { try? FileManager.default.removeItem(at: script) }
        try Self.reader.write(to: script, atomically: true, encoding: .utf8)

        let result = try ReferencePython.run([script.path, path.path], importing: ["numpy"])
        try #require(result.status == 0, "the Python reader failed: \(result.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        #expect(report.names == ["h.0.ln_1.bias", "h.1.mlp.c_fc.weight", "ids"])
        #expect(report.metadata == file.metadata)
        #expect(report.tensors["h.1.mlp.c_fc.weight"]?.shape == [4, 6])
        #expect(report.tensors["h.1.mlp.c_fc.weight"]?.values == weights.map(Double.init))
        #expect(report.tensors["h.0.ln_1.bias"]?.values == [0.5, -1.5, 2])
        #expect(report.tensors["ids"]?.values == [7])
    }
}
