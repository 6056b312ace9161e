/// A daemon configuration whose rounds take seconds, and the four real NIV2 tasks that drive it: round 0 trains on
/// 2 random tasks, and once 2 more are scored against its model, round 1 selects 1 of them.
enum SmallRounds {
    /// Four sample tasks from `examples/tasks/`.
    static let tasks = ["task1146_country_capital", "task1147_country_currency", "task1317_country_calling_code",
                        "task1318_country_national_dish"]

    /// The configuration file's text, with `extra` TOML appended (more sections, or keys of sections not set here).
    static func configuration(mode: String = "from-base", extra: String = "") -> String {
        """
        [budget]
        initial_tasks = 2
        pool_size = 2
        per_round = 1
        [scoring]
        instances = 2
        perturbations = 2
        max_new_tokens = 8
        [training]
        mode = "\(mode)"
        epochs = 1
        instances_per_task = 4
        batch_size = 4

        """ + extra
    }
}
