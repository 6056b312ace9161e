/// A daemon configuration whose rounds take seconds, and the four real NIV2 tasks that drive it: round 0 trains on
/// 2 random tasks, and once 2 more are scored against its model, round 1 selects 1 of them.
enum SmallRounds {
    /// Four sample tasks from `examples/tasks/`.
    static let tasks = ["task1146_country_capital", "task1147_country_currency", "task1317_country_calling_code",
                        "task1318_country_national_dish"]

    /// The configuration file's text: `training` replaces or adds `[training]` keys (TOML values, e.g. `"0.01"` or
    /// `"\"command\""`), and `extra` TOML is appended (more sections, or keys of sections not set here).
    static func configuration(mode: String = "from-base", initialTasks: Int = 2,
                              training overrides: KeyValuePairs<String, String> = [:], extra: String = "") -> String {
        var training: [(key: String, value: String)] = [("mode", "\"\(mode)\""), ("epochs", "1"),
                                                        ("instances_per_task", "4"), ("batch_size", "4")]
        for (key, value) in overrides {
            if let index = training.firstIndex(where: { $0.key == key }) { training[index].value = value } else {
                training.append((key, value))
            }
        }
        return """
            [budget]
            initial_tasks = \(initialTasks)
            pool_size = 2
            per_round = 1
            [scoring]
            instances = 2
            perturbations = 2
            max_new_tokens = 8
            [training]

            """ + training.map { "\($0.key) = \($0.value)\n" }.joined() + extra
    }

    /// `text` as a TOML basic string: quoted, with backslashes, double quotes and newlines escaped.
    static func tomlString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
