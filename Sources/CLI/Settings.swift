import ArgumentParser
import HangarClient
import HangarCore
import HangarOpenAPI

/// `hangar settings get|set`: the system settings the server stores (else its defaults).
struct SettingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "System settings: default models, download concurrency, the Ollama cache, the Hugging Face endpoint, job retention.",
        discussion: """
            Keys: \(SettingKey.names). A key never set takes the server's default (its environment); \
            `hangar settings set KEY default` returns it there.
            """,
        subcommands: [Get.self, SetValue.self])

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every setting, or one.",
            discussion: "With one key only its value is printed (\"none\" for a purpose without a default model), for scripts.")
        @Argument(help: .init("The setting: \(SettingKey.names). All when omitted.", valueName: "key")) var key: String?
        @OptionGroup var client: ClientOptions

        func validate() throws {
            _ = try key.map(SettingKey.init(parsing:))
        }

        func run() async throws {
            let key = try key.map(SettingKey.init(parsing:))
            let settings = try await client.call { api in try await api.getSettings().ok.body.json }
            if client.json { return printOut(try Table.json(settings)) }
            guard let key, key.leaves == [key] else {
                return printOut(Table.render(headers: ["KEY", "VALUE"], rows: settingRows(settings, keys: key?.leaves ?? allLeaves)))
            }
            printOut(key.text(in: settings) + "\n")
        }
    }

    struct SetValue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Change one setting and print its new value.",
            discussion: """
                VALUE is a whole number for download_concurrency (1–16), ollama_cache_seconds (0–3600, \
                0 = no cache), job_retention_days (1–3650), ollama_status_poll_seconds (0–3600, 0 = off) and \
                ollama_update_check_hours (0–720, 0 = off), a duration such as 5m for ollama_keep_alive (`-- -1` keeps models loaded), an http(s) URL for hf_endpoint, an active model's id for \
                default_models.PURPOSE. `default` resets the key to the server's default; \
                `hangar settings set default_models default` clears every purpose.
                """)
        @Argument(help: .init("The setting: \(SettingKey.names).", valueName: "key")) var key: String
        @Argument(help: .init("Its new value, or `default` to reset it.", valueName: "value")) var value: String
        @OptionGroup var client: ClientOptions

        /// Both the key and the value's type are checked here, so a typo never reaches the server.
        func validate() throws {
            _ = try SettingKey(parsing: key).patch(value)
        }

        func run() async throws {
            let key = try SettingKey(parsing: key)
            let patch = try key.patch(value)
            let settings = try await client.call { api in try await api.updateSettings(body: .json(patch)).ok.body.json }
            if client.json { return printOut(try Table.json(settings)) }
            printOut(key.leaves.map { "\($0.name) = \($0.text(in: settings))\n" }.joined())
        }
    }
}

private let allLeaves = SettingKey.all.filter { $0 != .defaultModels }

private func settingRows(_ settings: SystemSettings, keys: [SettingKey]) -> [[String]] {
    keys.map { [$0.name, $0.text(in: settings)] }
}
