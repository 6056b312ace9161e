/// Turns the bytes of a task file into tasks: encoding checks, format detection, JSON/JSONL parsing.
///
/// Detection looks only at content: a file holding one JSON object with `Definition` or `Instances`
/// is NIV2; one with `instruction` or `instances` is a one-line Self-Instruct file; several values,
/// one per line, are Self-Instruct JSONL.
struct TaskFileParser {
    var name: String
    var maxDepth: Int
    var classifier: TaskClassifier

    func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(TaskFileError) -> (TaskFormat, [InstructionTask]) {
        do {
            return try parseContent(bytes)
        } catch var error {
            error.taskFile = name
            throw error
        }
    }

    private func parseContent(_ bytes: UnsafeBufferPointer<UInt8>) throws(TaskFileError) -> (TaskFormat, [InstructionTask]) {
        let start = try contentStart(bytes)
        let first = JSONParser.skippingWhitespace(in: bytes, from: start, to: bytes.count)
        guard first < bytes.count else {
            throw TaskFileError(.emptyFile, problem: "the file is empty",
                                hint: "write an NIV2 task object or Self-Instruct JSON lines into it")
        }
        let parsed: (value: JSONValue, end: Int)
        do {
            parsed = try JSONParser.parseValue(in: bytes, range: first..<bytes.count, maxDepth: maxDepth)
        } catch {
            throw syntaxError(error, in: bytes, from: start)
        }
        let rest = JSONParser.skippingWhitespace(in: bytes, from: parsed.end, to: bytes.count)
        let oneLine = !bytes[first..<parsed.end].contains(0x0a)
        if rest == bytes.count {
            return try single(parsed.value, oneLine: oneLine)
        }
        guard oneLine else {
            // One multi-line value followed by more content: not JSONL, so a broken single document.
            throw syntaxError(JSONSyntaxError(kind: .invalid, offset: rest,
                                              message: "unexpected \(JSONParser.describe(bytes[rest])) after the JSON value"),
                              in: bytes, from: start)
        }
        return (.selfInstruct, try jsonLines(bytes, from: start))
    }

    /// The offset after a UTF-8 byte-order mark (accepted), once the bytes are known to be UTF-8.
    private func contentStart(_ bytes: UnsafeBufferPointer<UInt8>) throws(TaskFileError) -> Int {
        if bytes.starts(with: [0xff, 0xfe]) || bytes.starts(with: [0xfe, 0xff]) {
            throw TaskFileError(.notUTF8, problem: "the file is UTF-16 (it starts with a UTF-16 byte-order mark)",
                                hint: "save the file as UTF-8, e.g. `iconv -f UTF-16 -t UTF-8`")
        }
        if let bad = TextPosition.firstInvalidUTF8(in: bytes) {
            let position = TextPosition(offset: bad, in: bytes)
            throw TaskFileError(.notUTF8, lineNumber: position.line, column: position.column,
                                problem: "byte \(bad) (0x\(String(bytes[bad], radix: 16, uppercase: true))) is not valid UTF-8",
                                hint: "save the file as UTF-8; binary files are not task files")
        }
        return bytes.starts(with: [0xef, 0xbb, 0xbf]) ? 3 : 0
    }

    private func syntaxError(_ error: JSONSyntaxError, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> TaskFileError {
        let position = TextPosition(offset: error.offset, in: bytes, from: start)
        let (code, hint): (TaskFileError.Code, String) = switch error.kind {
        case .truncated: (.truncatedJSON, "the file looks cut off; write it completely (to a temporary name, then rename)")
        case .invalid: (.invalidJSON, "fix the JSON syntax; `python3 -m json.tool FILE` shows the same spot")
        case .tooDeep: (.tooDeep, "task files need only a few levels (object → list → object → list)")
        }
        return TaskFileError(code, lineNumber: position.line, column: position.column,
                             problem: "not valid JSON: \(error.message)", hint: hint)
    }

    /// The file's only value; a one-line Self-Instruct task is JSONL of one line, so errors name line 1.
    private func single(_ value: JSONValue, oneLine: Bool) throws(TaskFileError) -> (TaskFormat, [InstructionTask]) {
        let fields = try JSONFields(value, path: "", what: "a task file's top-level value")
        if NIV2TaskDecoder.recognizes(fields) {
            let id = TaskFileReader.taskID(forFileName: name)
            return (.niv2, [try NIV2TaskDecoder.decode(fields, id: id, classifier: classifier)])
        }
        if SelfInstructTaskDecoder.recognizes(fields) {
            do {
                return (.selfInstruct, [try SelfInstructTaskDecoder.decode(fields, classifier: classifier)])
            } catch var error {
                if oneLine { error.lineNumber = 1 }
                throw error
            }
        }
        throw unknownFormat()
    }

    private func unknownFormat(line: Int? = nil) -> TaskFileError {
        TaskFileError(.unknownFormat, lineNumber: line,
                      problem: "the object is neither an NIV2 task (no \"Definition\" or \"Instances\") "
                          + "nor a Self-Instruct task (no \"instruction\" or \"instances\")",
                      hint: "see the task file formats in the README")
    }

    /// One Self-Instruct task per non-blank line.
    private func jsonLines(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) throws(TaskFileError) -> [InstructionTask] {
        var tasks: [InstructionTask] = []
        var lineOfID: [String: Int] = [:]
        var lineStart = start
        var lineNumber = 1
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0a) ?? bytes.count
            defer {
                lineStart = lineEnd + 1
                lineNumber += 1
            }
            guard JSONParser.skippingWhitespace(in: bytes, from: lineStart, to: lineEnd) < lineEnd else { continue }
            let task: InstructionTask
            do {
                task = try lineTask(bytes, range: lineStart..<lineEnd, start: start)
            } catch var error {
                error.lineNumber = lineNumber
                throw error
            }
            if let earlier = lineOfID[task.id] {
                throw TaskFileError(.duplicateTaskID, lineNumber: lineNumber, path: "id",
                                    problem: "task id \(MessageText.quoted(task.id)) is already used on line \(earlier)",
                                    hint: "give every task its own id")
            }
            lineOfID[task.id] = lineNumber
            tasks.append(task)
        }
        return tasks
    }

    private func lineTask(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, start: Int) throws(TaskFileError) -> InstructionTask {
        let value: JSONValue
        do {
            value = try JSONParser.parseDocument(in: bytes, range: range, maxDepth: maxDepth)
        } catch {
            throw syntaxError(error, in: bytes, from: start)
        }
        let fields = try JSONFields(value, path: "", what: "each line of a Self-Instruct JSONL file")
        if !SelfInstructTaskDecoder.recognizes(fields), NIV2TaskDecoder.recognizes(fields) {
            throw TaskFileError(.unknownFormat, problem: "this line holds an NIV2 task, but only Self-Instruct tasks come one per line",
                                hint: "put each NIV2 task in a file of its own")
        }
        guard SelfInstructTaskDecoder.recognizes(fields) else { throw unknownFormat() }
        return try SelfInstructTaskDecoder.decode(fields, classifier: classifier)
    }
}
