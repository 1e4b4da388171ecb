import ArgumentParser
import HangarCore

/// The `hangar` binary: the server (`serve`, `migrate`) and a client for its API.
public struct Hangar: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "hangar",
        abstract: "Self-hosted control plane for LLM providers and models.",
        // The version and the commit: a bug report names exactly what runs.
        version: BuildInfo.current.description,
        subcommands: [
            Serve.self, Migrate.self, Providers.self, Models.self, Download.self, Ollama.self, Jobs.self, UsageCommand.self,
            SettingsCommand.self, Export.self, Import.self, Secrets.self, Keys.self, GraphQLCommand.self, Hub.self, CatalogCommand.self,
            BackupCommand.self, RestoreCommand.self,
        ])

    public init() {}
}
