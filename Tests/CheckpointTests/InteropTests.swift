import Foundation
import TestSupport
import Testing
@testable import Checkpoint

/// `lz4 -d` turns a checkpoint into a plain safetensors file that an independent reader opens.
@Suite struct InteropTests {
    static let reader = #"""
    import json, struct, sys
    raw = open(sys.argv[1], "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__")
    sizes = {"F32": 4, "BF16": 2}
    end = 0
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
        b, e = info["data_offsets"]
        count = 1
        for d in info["shape"]:
            count *= d
        assert b == end and e - b == count * sizes[info["dtype"]], name
        end = e
    assert 8 + n + end == len(raw), "size mismatch"
    print(json.dumps({"names": sorted(header), "format": meta["format"],
                      "round": json.loads(meta["activetune.provenance"])["round"]}))
    """#

    @Test func lz4CommandAndPythonReadTheCheckpoint() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        let id = try fixture.store.commit(Fixture.checkpoint(round: 7, floats: 1 << 15)).id
        let plain = fixture.state + "/plain.safetensors"
        let lz4 = try ChildProcess.run("lz4", ["-d", "-f", "-q", fixture.file(id), plain])
        try #require(lz4.status == 0, "lz4 -d failed: \(lz4.stderr)")
        let script = fixture.state + "/read.py"
        try Self.reader.write(toFile: script, atomically: true, encoding: .utf8)
        let output = URL(fileURLWithPath: fixture.state + "/report.json")
        let python = try ChildProcess(ReferencePython.checked(importing: []), [script, plain], stdout: output).wait()
        try #require(python.status == 0, "the Python reader failed: \(python.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any]
        #expect(report?["names"] as? [String] == ["h.0.mlp.c_fc.weight", "ln_f.bias"])
        #expect(report?["format"] as? String == "pt")
        #expect(report?["round"] as? Int == 7)
    }
}
