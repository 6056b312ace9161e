import Foundation

extension TaskScore {
    /// Decodes and validates a JSON array of score rows; `source` names the input in error messages.
    /// NaN and infinities, bare (as Python's json writes them) or quoted, decode so that validation can name
    /// the task and field instead of reporting unparsable JSON.
    public static func decodePool(_ data: Data, source: String) throws(SelectionError) -> [TaskScore] {
        let pool: [TaskScore]
        do {
            let decoder = JSONDecoder()
            decoder.allowsJSON5 = true
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(
                positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
            pool = try decoder.decode([TaskScore].self, from: data)
        } catch let error as DecodingError {
            throw SelectionError(.unreadableInput, "cannot read task scores from \(source): \(Self.explain(error)). "
                + "HINT: pass the JSON array of {task, kind, prompt_uncertainty, prediction_probability, "
                + "perplexity} objects that `activetune score --json` prints")
        } catch {
            throw SelectionError(.unreadableInput, "cannot read task scores from \(source): \(error)")
        }
        try validate(pool)
        return pool
    }

    private static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "" : " at \(keys)"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing key \"\(key.stringValue)\"\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let detail = context.debugDescription.hasSuffix(".")
                ? String(context.debugDescription.dropLast()) : context.debugDescription
            return "\(detail)\(path(context))"
        @unknown default: return "\(error)"
        }
    }
}
