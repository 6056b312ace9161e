/// Typed access to the members of one JSON object, throwing a `TaskFileError` that names the JSON
/// path, what was expected and what was found.
struct JSONFields {
    /// How a field should look, for messages: a phrase and a JSON snippet to copy.
    struct Shape {
        var phrase: String
        var example: String

        static let string = Shape(phrase: "a string", example: "\"...\"")
        static let stringList = Shape(phrase: "a list of strings", example: "[\"...\"]")
        static let boolean = Shape(phrase: "true or false", example: "false")
        static func objectList(_ example: String) -> Shape { Shape(phrase: "a list of objects", example: "[\(example)]") }
    }

    let members: [String: JSONValue]
    /// This object's JSON path; empty for the top level.
    let path: String

    /// The fields of `value`, which must be an object.
    init(_ value: JSONValue, path: String, what: String) throws(TaskFileError) {
        guard case .object(let members) = value else {
            throw TaskFileError(.notAnObject, path: path.isEmpty ? nil : path,
                                problem: "\(what) must be a JSON object, but it is \(value.typeDescription)",
                                hint: "write \(what) as {\"key\": value, ...}")
        }
        self.members = members
        self.path = path
    }

    func path(of key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    func has(_ key: String) -> Bool { members[key] != nil }

    /// The value of `key`, which must be present.
    func require(_ key: String, _ shape: Shape) throws(TaskFileError) -> JSONValue {
        guard let value = members[key] else {
            throw TaskFileError(.missingField, path: path.isEmpty ? nil : path,
                                problem: "the required field \"\(key)\" is missing",
                                hint: "add \"\(key)\": \(shape.example) (\(shape.phrase))")
        }
        return value
    }

    func wrongType(_ path: String, _ shape: Shape, found value: JSONValue) -> TaskFileError {
        TaskFileError(.wrongType, path: path,
                      problem: "expected \(shape.phrase), found \(value.typeDescription)",
                      hint: "write it as \(shape.example)")
    }

    func string(_ key: String) throws(TaskFileError) -> String {
        let value = try require(key, .string)
        guard case .string(let text) = value else { throw wrongType(path(of: key), .string, found: value) }
        return text
    }

    func optionalBool(_ key: String) throws(TaskFileError) -> Bool? {
        guard let value = members[key] else { return nil }
        guard case .bool(let flag) = value else { throw wrongType(path(of: key), .boolean, found: value) }
        return flag
    }

    /// A list of strings; absent means empty unless `required`.
    func stringList(_ key: String, required: Bool = false) throws(TaskFileError) -> [String] {
        guard members[key] != nil || required else { return [] }
        let value = try require(key, .stringList)
        guard case .array(let elements) = value else { throw wrongType(path(of: key), .stringList, found: value) }
        var strings: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element else {
                throw wrongType("\(path(of: key))[\(index)]", .string, found: element)
            }
            strings.append(text)
        }
        return strings
    }

    /// A list of objects; absent means empty unless `required`.
    func objectList(_ key: String, _ shape: Shape, required: Bool = false) throws(TaskFileError) -> [JSONFields] {
        guard members[key] != nil || required else { return [] }
        let value = try require(key, shape)
        guard case .array(let elements) = value else { throw wrongType(path(of: key), shape, found: value) }
        var objects: [JSONFields] = []
        for (index, element) in elements.enumerated() {
            let elementPath = "\(path(of: key))[\(index)]"
            guard case .object = element else {
                throw TaskFileError(.wrongType, path: elementPath,
                                    problem: "expected an object, found \(element.typeDescription)",
                                    hint: "each element of \"\(key)\" is an object like \(shape.example.dropFirst().dropLast())")
            }
            objects.append(try JSONFields(element, path: elementPath, what: "an element"))
        }
        return objects
    }
}
