import ArgumentParser
import Foundation
import HangarClient
import HangarCore

/// `hangar export`: the configuration as a file another Hangar (or this one, later) can import.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the whole configuration as JSON: connections, models and stored settings.",
        discussion: """
            Written to stdout (`hangar export > hangar.json`) or to --output, pretty-printed with sorted \
            keys, so the same configuration always gives the same file. API keys and tokens are never \
            exported: after importing on another server, set them with `hangar providers set-key`. \
            The output is always JSON; --json changes nothing.
            """)
    @Option(name: .shortAndLong, help: .init("Write to this file instead of stdout.", valueName: "file")) var output: String?
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let exported = try await client.call { api in try await api.exportConfiguration().ok.body.json }
        let text = try Table.json(exported)
        guard let output else { return printOut(text) }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CLIFailure(InputError("Cannot write \(output): \(error.localizedDescription)"))
        }
        let settings = SystemSettings.Key.allCases.count - Self.unsetKeys(exported.settings)
        printOut(
            "Exported \(exported.providers.count) connection(s), \(exported.models.count) model(s) and \(settings) stored setting(s) to \(output).\n"
        )
    }

    /// Settings the file leaves to the server's defaults (absent from the export).
    static func unsetKeys(_ settings: SettingsPatch) -> Int {
        [
            settings.defaultModels == nil, settings.downloadConcurrency == nil, settings.ollamaCacheSeconds == nil,
            settings.hfEndpoint == nil,
        ].filter { $0 }.count
    }
}
