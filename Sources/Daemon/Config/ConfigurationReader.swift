/// Reads typed, range-checked values out of a TOML document plus environment overrides, collecting every problem
/// (unknown keys, wrong types, out-of-range values) so one run of `config check` reports them all.
struct ConfigurationReader {
    private let document: TOMLDocument
    private let file: String
    private let environment: [String: String]
    private(set) var problems: [ConfigurationError.Problem] = []
    private var known: Set<String> = []

    init(document: TOMLDocument, file: String, environment: [String: String]) {
        self.document = document
        self.file = file
        self.environment = environment
    }

    /// The environment variable that overrides `key`: `budget.pool_size` → `ACTIVETUNE_BUDGET_POOL_SIZE`.
    static func environmentName(_ key: String) -> String {
        "ACTIVETUNE_" + key.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }.map(String.init).joined()
    }

    /// The raw value of `key` (environment first, then file), with a description of where it came from.
    private mutating func raw(_ key: String) -> (TOMLValue, String)? {
        known.insert(key)
        let variable = Self.environmentName(key)
        if let text = environment[variable] {
            // An environment value is parsed as a TOML value; bare words are taken as strings.
            let value = (try? TOMLDocument.parse("v = \(text)"))?.values["v"] ?? .string(text)
            return (value, "environment \(variable)")
        }
        guard let value = document.values[key] else { return nil }
        return (value, "\(file):\(document.lines[key] ?? 0)")
    }

    private mutating func problem(_ key: String, _ source: String, _ message: String) {
        problems.append(.init(key: key, source: source, message: message))
    }

    mutating func integer(_ key: String, _ fallback: Int, in range: ClosedRange<Int>) -> Int {
        guard let (value, source) = raw(key) else { return fallback }
        guard case .integer(let i) = value else {
            problem(key, source, "must be an integer in \(range.lowerBound)...\(range.upperBound), found \(value.typeName)")
            return fallback
        }
        guard range.contains(i) else {
            problem(key, source, "must be in \(range.lowerBound)...\(range.upperBound), found \(i)")
            return fallback
        }
        return i
    }

    mutating func double(_ key: String, _ fallback: Double, in range: ClosedRange<Double>) -> Double {
        guard let (value, source) = raw(key) else { return fallback }
        let number: Double
        switch value {
        case .float(let d): number = d
        case .integer(let i): number = Double(i)
        default:
            problem(key, source, "must be a number in \(range.lowerBound)...\(range.upperBound), found \(value.typeName)")
            return fallback
        }
        guard range.contains(number) else {
            problem(key, source, "must be in \(range.lowerBound)...\(range.upperBound), found \(number)")
            return fallback
        }
        return number
    }

    mutating func boolean(_ key: String, _ fallback: Bool) -> Bool {
        guard let (value, source) = raw(key) else { return fallback }
        guard case .boolean(let b) = value else {
            problem(key, source, "must be true or false, found \(value.typeName)")
            return fallback
        }
        return b
    }

    /// One of an enumeration's names: parsed into its type here, at the edge, so nothing downstream compares strings.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ fallback: T) -> T where T.RawValue == String {
        let name = string(key, fallback.rawValue, allowed: T.allCases.map(\.rawValue))
        return T(rawValue: name) ?? fallback  // `string` already refused any other name
    }

    mutating func string(_ key: String, _ fallback: String, allowed: [String]? = nil) -> String {
        guard let (value, source) = raw(key) else { return fallback }
        guard case .string(let s) = value else {
            problem(key, source, "must be a string, found \(value.typeName)")
            return fallback
        }
        if let allowed, !allowed.contains(s) {
            problem(key, source, "must be one of \(allowed.joined(separator: ", ")), found \"\(s)\"")
            return fallback
        }
        return s
    }

    /// A list of strings, e.g. a command and its arguments.
    mutating func strings(_ key: String, _ fallback: [String]) -> [String] {
        guard let (value, source) = raw(key) else { return fallback }
        guard case .array(let elements) = value else {
            problem(key, source, "must be an array of strings, found \(value.typeName)")
            return fallback
        }
        var strings: [String] = []
        for element in elements {
            guard case .string(let text) = element else {
                problem(key, source, "must be an array of strings, found \(element.typeName) in it")
                return fallback
            }
            strings.append(text)
        }
        return strings
    }

    /// Reports every key in the file that no reader asked for: almost always a typo.
    mutating func rejectUnknownKeys() {
        for key in document.values.keys.sorted() where !known.contains(key) {
            problem(key, "\(file):\(document.lines[key] ?? 0)", "is not a configuration key (a typo?)")
        }
    }
}
