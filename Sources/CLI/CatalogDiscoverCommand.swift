import ArgumentParser
import HangarClient
import HangarCore
import HangarOpenAPI

/// `hangar catalog discover PROVIDER`: what the connection serves against what the catalog
/// holds; with `--apply`/`--deprecate`, the chosen changes in one transaction.
struct CatalogDiscoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover",
        abstract: "List the models a connection serves and compare them with the catalog.",
        discussion: """
            Without options nothing changes: NEW models are served but not in the catalog, GONE ones are \
            active in the catalog but no longer served. --apply adds new models (limits marked guessed when \
            the price data does not know them), --deprecate deprecates models; both in one transaction, and \
            any bad entry changes nothing.
            """)

    @Argument(help: "Connection id or name.") var provider: String
    @Option(name: .customLong("apply"), parsing: .upToNextOption, help: "API names of new models to add.")
    var add: [String] = []
    @Option(parsing: .upToNextOption, help: "API names or ids of models to deprecate.") var deprecate: [String] = []
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let (add, deprecate, name) = (add, deprecate, provider)
        if add.isEmpty && deprecate.isEmpty {
            let proposal = try await client.call { api in
                let id = try await resolveProvider(api, name).id
                return try await api.discoverProviderModels(path: .init(id: id)).ok.body.json
            }
            if client.json { return printOut(try Table.json(proposal)) }
            return printOut(Self.render(proposal))
        }
        let result = try await client.call { api in
            let id = try await resolveProvider(api, name).id
            return try await api.applyProviderDiscovery(
                path: .init(id: id),
                body: .json(DiscoveryApplyRequest(add: add.isEmpty ? nil : add, deprecate: deprecate.isEmpty ? nil : deprecate))
            ).ok.body.json
        }
        if client.json { return printOut(try Table.json(result)) }
        let rows =
            result.added.map { ["added", $0.id, $0.apiName, "\($0.contextWindow)", "\($0.maxOutputTokens)"] }
            + result.deprecated.map { ["deprecated", $0.id, $0.apiName, "\($0.contextWindow)", "\($0.maxOutputTokens)"] }
        printOut(Table.render(headers: ["CHANGE", "MODEL ID", "API NAME", "CONTEXT", "MAX OUTPUT"], rows: rows))
    }

    static func render(_ proposal: DiscoveryProposal) -> String {
        let line = { (state: String, model: DiscoveredModel) -> [String] in
            [
                state, model.apiName, model.modelID ?? "", "\(model.contextWindow)" + (model.limitsGuessed ? " (guessed)" : ""),
                "\(model.maxOutputTokens)", model.upstreamModel ?? "",
            ]
        }
        let rows =
            proposal.new.map { line("new", $0) } + proposal.gone.map { line("gone", $0) } + proposal.present.map { line("present", $0) }
        var text = Table.render(headers: ["STATE", "API NAME", "MODEL ID", "CONTEXT", "MAX OUTPUT", "UPSTREAM MODEL"], rows: rows)
        if !proposal.new.isEmpty || !proposal.gone.isEmpty {
            text += "\nAdd with --apply API_NAME…, deprecate with --deprecate API_NAME…"
        }
        return text
    }
}
