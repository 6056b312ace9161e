import Tasks

/// What `activetune validate` says about one file, as a text line or a JSON object.
struct ValidationReport: Encodable {
    var file: String
    var result: Result<TaskFile, TaskFileError>

    var ok: Bool {
        if case .success = result { return true }
        return false
    }

    /// `FILE: niv2, 1 task, 100 instances` or `FILE: invalid (code): location: problem. HINT: hint`.
    var line: String {
        switch result {
        case .success(let taskFile):
            let tasks = taskFile.tasks.count
            return "\(file): \(taskFile.format.rawValue), \(tasks) task\(tasks == 1 ? "" : "s"), \(taskFile.instanceCount) instances"
        case .failure(let error):
            return "\(file): invalid (\(error.code)): \(error.summary)"
        }
    }

    private enum Key: String, CodingKey {
        case file, ok, format, tasks, instances, classification, error, errorCode, location
    }

    /// Every key is always present; the ones that do not apply are null.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(file, forKey: .file)
        try container.encode(ok, forKey: .ok)
        switch result {
        case .success(let taskFile):
            try container.encode(taskFile.format.rawValue, forKey: .format)
            try container.encode(taskFile.tasks.count, forKey: .tasks)
            try container.encode(taskFile.instanceCount, forKey: .instances)
            try container.encode(taskFile.tasks.filter { $0.kind == .classification }.count, forKey: .classification)
            for key in [Key.error, .errorCode, .location] { try container.encodeNil(forKey: key) }
        case .failure(let error):
            for key in [Key.format, .tasks, .instances, .classification] { try container.encodeNil(forKey: key) }
            try container.encode(error.description, forKey: .error)
            try container.encode(error.code.description, forKey: .errorCode)
            try container.encode(error.location, forKey: .location)
        }
    }
}
