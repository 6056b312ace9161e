import Foundation
import Testing

/// `activetune validate`: lines, exit codes and JSON fields, through the real binary.
@Suite struct ValidateCommandTests {
    @Test func everySharedFileIsValid() throws {
        let data = try TaskFileLocations.sharedData()
        let niv2 = try FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("niv2/tasks").path)
            .filter { $0.hasSuffix(".json") }.sorted().map { data.appendingPathComponent("niv2/tasks/\($0)").path }
        #expect(niv2.count == 132)
        let seeds = data.appendingPathComponent("self-instruct/seed_tasks.jsonl").path
        let result = try ActiveTuneBinary.run(["validate"] + niv2 + [seeds])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 133)
        #expect(lines.filter { $0.contains(": niv2, 1 task, ") }.count == 132)
        #expect(lines.last == "\(seeds): self-instruct, 175 tasks, 175 instances")
    }

    @Test func invalidFilesGiveExitStatus65AndTheirReason() throws {
        let dir = try TaskFileLocations.temporaryDirectory(with: [
            "good.json": #"{"Definition": ["Copy."], "Instances": [{"id": "1", "input": "a", "output": ["a"]}]}"#,
            "cut.json": #"{"Definition": ["Copy."], "Instances": [{"id": "1", "#,
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.json").path, cut = dir.appendingPathComponent("cut.json").path
        let result = try ActiveTuneBinary.run(["validate", good, cut])
        #expect(result.status == 65)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines == ["\(good): niv2, 1 task, 1 instances",
                          "\(cut): invalid (truncatedJSON): line 1, column 53: not valid JSON: the JSON ends early: expected a member name. "
                          + "HINT: the file looks cut off; write it completely (to a temporary name, then rename)"])
        #expect(try ActiveTuneBinary.run(["validate", good]).status == 0)
    }

    @Test func jsonOutputHasTheAgreedFields() throws {
        let dir = try TaskFileLocations.temporaryDirectory(with: [
            "seed.jsonl": #"{"id": "s1", "instruction": "Say hi.", "instances": [{"input": "", "output": "hi"}], "is_classification": true}"# + "\n",
            "list.json": "[1, 2]",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let seed = dir.appendingPathComponent("seed.jsonl").path, list = dir.appendingPathComponent("list.json").path
        let result = try ActiveTuneBinary.run(["validate", "--json", seed, list])
        #expect(result.status == 65)
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(reports.count == 2)
        let ok = reports[0], bad = reports[1]
        #expect(ok["file"] as? String == seed)
        #expect(ok["ok"] as? Bool == true)
        #expect(ok["format"] as? String == "self-instruct")
        #expect(ok["tasks"] as? Int == 1)
        #expect(ok["instances"] as? Int == 1)
        #expect(ok["classification"] as? Int == 1)
        #expect(ok["error"] is NSNull)
        #expect(bad["ok"] as? Bool == false)
        #expect(bad["format"] is NSNull)
        #expect(bad["tasks"] is NSNull)
        #expect(bad["errorCode"] as? String == "notAnObject")
        #expect((bad["error"] as? String)?.hasPrefix("\(list): a task file's top-level value must be a JSON object") == true)
    }

    @Test func maxSizeIsEnforced() throws {
        let data = try TaskFileLocations.sharedData()
        let file = data.appendingPathComponent("niv2/tasks/task843_financial_phrasebank_classification.json").path
        let result = try ActiveTuneBinary.run(["validate", "--max-size", "1000", file])
        #expect(result.status == 65)
        #expect(result.stdout.contains("invalid (tooLarge)"))
        #expect(result.stdout.contains("more than the size cap of 1000"))
    }

    @Test func missingArgumentsAreUsageErrors() throws {
        #expect(try ActiveTuneBinary.run(["validate"]).status == 64)
        #expect(try ActiveTuneBinary.run(["validate", "--max-size", "0", "x.json"]).status == 64)
    }
}
