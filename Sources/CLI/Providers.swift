import ArgumentParser
import HangarClient
import HangarCore

struct Providers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Provider connections.", subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List provider connections.")

        @OptionGroup var client: ClientOptions

        func run() async throws {
            let providers = try await client.call { api in try await api.listProviders().ok.body.json.items }
            if client.json { return printOut(try Table.json(providers)) }
            printOut(Table.render(
                headers: ["ID", "KIND", "NAME", "ENABLED", "BASE URL", "DEFAULT MODEL"],
                rows: providers.map {
                    [$0.id, $0.kind.rawValue, $0.name, $0.enabled ? "yes" : "no", $0.baseURL ?? "–", $0.defaultModelID ?? "–"]
                }))
        }
    }
}
