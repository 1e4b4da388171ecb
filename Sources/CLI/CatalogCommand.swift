import ArgumentParser

/// `hangar catalog …`: keeping the catalog in step with what providers serve and charge.
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Keep the catalog in step with the providers: discover what a connection serves, sync prices and limits.",
        subcommands: [CatalogDiscoverCommand.self, CatalogPriceSyncCommand.self])
}
