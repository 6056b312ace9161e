import Testing
@testable import Safetensors

/// Damaged or hostile files are refused with the right code and a message that says what is wrong.
@Suite struct CorruptHeaderTests {
    /// A file made by hand: length prefix, the given JSON, then `dataBytes` zero bytes.
    static func file(_ json: String, dataBytes: Int) -> [UInt8] {
        let body = Array(json.utf8)
        var length = UInt64(body.count).littleEndian
        return withUnsafeBytes(of: &length) { Array($0) } + body + [UInt8](repeating: 0, count: dataBytes)
    }

    static let good = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"U8","shape":[4],"data_offsets":[8,12]}}"#

    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var bytes: [UInt8]
        var code: SafetensorsError.Code
        var mentions: String
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "shorter than the length prefix", bytes: [1, 2, 3], code: .truncated, mentions: "8-byte"),
        Case(label: "absurd header length", bytes: [0, 0, 0, 0, 0, 1, 0, 0] + Array("{}".utf8),
             code: .headerTooLarge, mentions: "exceeds"),
        Case(label: "header longer than the file", bytes: Array(file(good, dataBytes: 12).prefix(40)),
             code: .truncated, mentions: "only"),
        Case(label: "not JSON", bytes: file("{\"a\": [1, 2", dataBytes: 0), code: .invalidJSON, mentions: "JSON"),
        Case(label: "not an object", bytes: file("[1, 2]", dataBytes: 0), code: .invalidJSON, mentions: "{"),
        Case(label: "missing dtype", bytes: file(#"{"a":{"shape":[2],"data_offsets":[0,8]}}"#, dataBytes: 8),
             code: .invalidHeader, mentions: "dtype"),
        Case(label: "unknown dtype", bytes: file(#"{"a":{"dtype":"F8","shape":[2],"data_offsets":[0,2]}}"#,
                                                  dataBytes: 2), code: .unknownDType, mentions: "F8"),
        Case(label: "overlapping tensors",
             bytes: file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"U8","shape":[4],"data_offsets":[4,8]}}"#,
                         dataBytes: 8), code: .badOffsets, mentions: "'b'"),
        Case(label: "gap between tensors",
             bytes: file(#"{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[3,5]}}"#,
                         dataBytes: 5), code: .badOffsets, mentions: "'b'"),
        Case(label: "offsets past the end", bytes: file(good, dataBytes: 11), code: .badOffsets, mentions: "11 bytes"),
        Case(label: "trailing bytes", bytes: file(good, dataBytes: 13), code: .badOffsets, mentions: "13 bytes"),
        Case(label: "shape does not match size",
             bytes: file(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, dataBytes: 8),
             code: .sizeMismatch, mentions: "needs 12 bytes"),
        Case(label: "negative dimension",
             bytes: file(#"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,0]}}"#, dataBytes: 0),
             code: .invalidShape, mentions: "[-2]"),
        Case(label: "three offsets",
             bytes: file(#"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1,2]}}"#, dataBytes: 1),
             code: .badOffsets, mentions: "[begin, end]"),
        Case(label: "metadata not strings",
             bytes: file(#"{"__metadata__":{"k":1}}"#, dataBytes: 0), code: .invalidHeader, mentions: "header"),
    ]

    @Test func wellFormedHandMadeFileParses() throws {
        let parsed = try SafetensorsFile.parse(Self.file(Self.good, dataBytes: 12))
        #expect(parsed.tensors.map(\.name) == ["a", "b"])
    }

    @Test(arguments: cases)
    func corruptionIsRejected(_ example: Case) {
        let error = #expect(throws: SafetensorsError.self) { try SafetensorsFile.parse(example.bytes) }
        #expect(error?.code == example.code)
        #expect(error?.description.contains(example.mentions) == true, "\(String(describing: error))")
        #expect(error?.description.contains("HINT:") == true)
    }
}
